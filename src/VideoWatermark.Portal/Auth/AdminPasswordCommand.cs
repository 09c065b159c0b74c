using System.Text;

namespace VideoWatermark.Portal.Auth;

/// <summary>
/// <c>set-admin-password</c>: reads the built-in admin's new password (twice from a terminal, once from standard
/// input otherwise), stores its hash in the data folder and prints the hash alone on standard output, for a secret.
/// </summary>
public static class AdminPasswordCommand
{
    public const string Name = "set-admin-password";
    public const int MinLength = 8;

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static int Run(WebApplicationBuilder builder)
    {
        var path = AdminPasswordFile.PathIn(builder.Configuration, builder.Environment.ContentRootPath);
        string? password;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = ReadHidden("New admin password: ");
            if (password != ReadHidden("Repeat it: "))
            {
                Console.Error.WriteLine("The two passwords differ; nothing was changed.");
                return 1;
            }
        }

        if (password is null || password.Length < MinLength)
        {
            Console.Error.WriteLine($"The password must have at least {MinLength} characters; nothing was changed.");
            return 1;
        }

        var hash = AdminAccount.Hash(password);
        AdminPasswordFile.Write(path, hash, DateTimeOffset.UtcNow);
        Console.Error.WriteLine($"Saved for user '{AdminAccount.UserName}' in {path}. For a container, set VideoWatermark__Portal__Auth__AdminPasswordHash to:");
        Console.Out.WriteLine(hash);
        return 0;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }
}
