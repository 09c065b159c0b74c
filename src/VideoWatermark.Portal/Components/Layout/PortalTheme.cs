using MudBlazor;

namespace VideoWatermark.Portal.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f2a44",
            // Each colour reads at 4.5:1 or better as text on white and on the background, and under white text
            // (WCAG AA for normal text): chips and outlined buttons use them as text, filled ones as background.
            Secondary = "#c2410c",
            Tertiary = "#1d4ed8",
            AppbarBackground = "#1f2a44",
            Background = "#f4f6fb",
            Success = "#15803d",
            Error = "#b91c1c",
            Warning = "#b45309",
            Info = "#1d4ed8",
        },
        // Buttons show file and watermark names; upper-casing them would misstate those names.
        Typography = new Typography { Button = new ButtonTypography { TextTransform = "none" } },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px" },
    };
}
