using LoadBench;

// The load benchmarks' client. The shell scripts next to this folder build the portal, start it and call these.
var options = Args.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "upload" => await UploadLoad.RunAsync(options),
    "seed-jobs" => await JobSeeder.RunAsync(options),
    "dashboard" => await DashboardLoad.RunAsync(options),
    "journey" => await UploadJourney.RunAsync(options),
    "play" => await PlayCheck.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: LoadBench upload|seed-jobs|dashboard|journey|play --name value …  (see bench/README.md)");
    return 2;
}
