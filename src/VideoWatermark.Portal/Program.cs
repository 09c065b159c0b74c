using VideoWatermark.Portal;
using VideoWatermark.Portal.Auth;

var builder = WebApplication.CreateBuilder(args);
if (AdminPasswordCommand.IsRequested(args))
{
    return AdminPasswordCommand.Run(builder);
}

builder.AddPortalServices();
var app = builder.Build();

// Login required with nobody able to sign in is a setup mistake: say which command fixes it instead of serving 401s.
if (PortalAccess.RefusalOf(app.Services) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 1;
}

app.MapPortal();
app.Run();
return 0;

/// <summary>The entry point, public so the tests can host the portal.</summary>
public partial class Program;
