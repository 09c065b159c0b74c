using VideoWatermark.Worker.Cli;

// ── Job mode (coordinator): with no arguments the worker runs the job its environment names (the Fargate
// container's entry point). Call the pipeline's job mode here, e.g.
//     if (args.Length == 0) { return await <pipeline job mode>(...); }
// ── end of job mode

return await WorkerCommandLine.RunAsync(args);
