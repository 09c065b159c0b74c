using VideoWatermark.Worker.Cli;
using VideoWatermark.Worker.JobMode;

// With no arguments the worker runs the job its environment names: the Fargate container's entry point.
if (args.Length == 0)
{
    return await WorkerJobMode.RunAsync();
}

return await WorkerCommandLine.RunAsync(args);
