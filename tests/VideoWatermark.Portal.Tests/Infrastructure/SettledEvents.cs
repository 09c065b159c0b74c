using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace VideoWatermark.Portal.Tests.Infrastructure;

/// <summary>
/// Clicks and typing that return only once the page's handler has finished. bUnit's own <c>Click()</c>,
/// <c>Change()</c> and <c>Input()</c> discard the handler's task: while the renderer is busy with a store read, the
/// next <c>Find</c> can run before the click has, which is how a test passes on a quiet machine and fails on a busy one.
/// </summary>
public static class SettledEvents
{
    /// <summary>
    /// Clicks what <paramref name="find"/> finds once it is there. A page re-rendered by a change notice between the
    /// find and the click has replaced the button's handler, and bUnit refuses such a click without making it; it is
    /// found and clicked again until one is taken.
    /// </summary>
    public static async Task ClickAsync<T>(this IRenderedComponent<T> cut, Func<IElement> find)
        where T : IComponent
    {
        Task? click = null;
        cut.WaitForAssertion(() => click = find().ClickAsync(new MouseEventArgs { Detail = 1 }), PortalComponentContext.Wait);
        await click!;
    }

    public static Task ClickAsync<T>(this IRenderedComponent<T> cut, string selector)
        where T : IComponent => cut.ClickAsync(() => cut.Find(selector));

    /// <summary>
    /// Clicks without waiting for the handler, for a click whose handler waits on a dialog the test answers next;
    /// the test then waits for the dialog itself.
    /// </summary>
    public static void ClickToAsk<T>(this IRenderedComponent<T> cut, string selector)
        where T : IComponent =>
        cut.WaitForAssertion(() => _ = cut.Find(selector).ClickAsync(new MouseEventArgs { Detail = 1 }), PortalComponentContext.Wait);

    /// <summary>Clicks the button of <paramref name="cut"/> whose text is <paramref name="text"/>, e.g. a dialog's answer.</summary>
    public static Task ClickButtonAsync<T>(this IRenderedComponent<T> cut, string scope, string text)
        where T : IComponent => cut.ClickAsync(() => cut.FindAll($"{scope} button").Single(b => b.TextContent.Trim() == text));

    /// <summary>A text field's committed value, as when a person types and leaves the field.</summary>
    public static Task ChangeAsync<T>(this IRenderedComponent<T> cut, string selector, string value)
        where T : IComponent => cut.Find(selector).ChangeAsync(new ChangeEventArgs { Value = value });

    /// <summary>A text field's value as it is typed.</summary>
    public static Task InputAsync<T>(this IRenderedComponent<T> cut, string selector, string value)
        where T : IComponent => cut.Find(selector).InputAsync(new ChangeEventArgs { Value = value });
}
