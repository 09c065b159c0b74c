namespace VideoWatermark.Core.Errors;

/// <summary>
/// A request the service will not carry out, with the one-line reason the user sees. Each subclass says why; the edge
/// decides how that is told (an HTTP status and problem details for the API, a snackbar on a page).
/// </summary>
public abstract class RefusedException(string reason) : Exception(reason);

/// <summary>The thing asked about (a job, a watermark) does not exist.</summary>
public sealed class NotFoundException(string reason) : RefusedException(reason);

/// <summary>The request itself is wrong: a missing field, a value out of range, an unknown name.</summary>
public class InvalidInputException(string reason) : RefusedException(reason);

/// <summary>
/// One recipient of a batch is wrong. <see cref="Row"/> names it (1-based, in the request's order), so a client that
/// sent the rows from a list of its own (the portal's CSV) can name the line it showed instead.
/// </summary>
public sealed class InvalidRecipientException(int row, string problem) : InvalidInputException(Subject(row) + problem)
{
    public int Row => row;

    /// <summary>What is wrong with the row, without naming it.</summary>
    public string Problem => problem;

    /// <summary>How the message names the row: <c>Recipient 3: </c>.</summary>
    public static string Subject(int row) => $"Recipient {row}: ";
}

/// <summary>The request is fine but clashes with how things are now: a job in the wrong state, a name already taken.</summary>
public sealed class ConflictException(string reason) : RefusedException(reason);

/// <summary>The caller may not do this (someone else's job, an admin-only action).</summary>
public sealed class NotAllowedException(string reason) : RefusedException(reason);

/// <summary>The file is larger than a configured limit.</summary>
public sealed class TooLargeException(string reason) : RefusedException(reason);

/// <summary>The file is not of a kind the service takes (not a video, not a watermark image).</summary>
public sealed class UnsupportedTypeException(string reason) : RefusedException(reason);
