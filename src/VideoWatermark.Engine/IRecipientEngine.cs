using VideoWatermark.Core.Templates;
using VideoWatermark.Engine.Recipients;

namespace VideoWatermark.Engine;

/// <summary>
/// Personal copies of one video, encoded once where the picture is the same, in pieces a pipeline can run on
/// separate workers: plan, encode the base, encode one copy's personal pieces, join one copy. When the plan is not
/// smart (a personal layer always shown, windows over most of the video) every copy is a full
/// <see cref="ITemplateEngine.ApplyTemplateAsync"/> instead. <see cref="FfmpegWatermarkEngine.ApplyRecipientsAsync"/>
/// runs all of it in one process.
/// </summary>
public interface IRecipientEngine
{
    /// <summary>
    /// Probes the video (refusing what <see cref="IWatermarkEngine.ApplyAsync"/> refuses) and its frames, finds the
    /// personal layers and plans the pieces on a grid of about <paramref name="gridSeconds"/>.
    /// </summary>
    /// <param name="recipients">Every recipient's token values (<see cref="TokenValues.For"/>), in order.</param>
    /// <exception cref="Core.Errors.InvalidInputException">The template is invalid or a recipient leaves a token without a value (the message names the recipient).</exception>
    Task<RecipientPlan> PlanRecipientsAsync(string inputPath, string inputName, WatermarkTemplate template, IReadOnlyList<IReadOnlyDictionary<string, string>> recipients, double gridSeconds = RecipientPlanner.DefaultGridSeconds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The base: the video encoded once with the template's shared layers only (the request's tokens fill them; any
    /// recipient's do), an IDR frame at every grid point, video only; cut by stream copy into the plan's pieces
    /// under <paramref name="folder"/>. The base's personal pieces are not kept.
    /// </summary>
    Task<RecipientBase> EncodeBaseAsync(TemplateRequest request, RecipientPlan plan, string folder, IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One recipient's personal pieces under <paramref name="folder"/>: each encoded from the source with the whole
    /// template and that recipient's tokens, at the base's settings, video only.
    /// </summary>
    Task<RecipientPieces> EncodeCopyPiecesAsync(TemplateRequest request, RecipientPlan plan, string folder, IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Shared pieces <paramref name="pieces"/> of the plan under <paramref name="folder"/>, each encoded from the source
    /// with the template's shared layers only (the request's tokens fill them; any recipient's do), at the settings
    /// of <see cref="EncodeCopyPiecesAsync"/>, so a copy joins them with its personal pieces by stream copy: the base
    /// a piece at a time, for pipelines whose workers share the base's work.
    /// </summary>
    Task<RecipientPieces> EncodeSharedPiecesAsync(TemplateRequest request, RecipientPlan plan, IReadOnlyList<int> pieces, string folder, IProgress<double>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One copy: its personal pieces and the base's shared ones, checked to carry the same H.264 parameter sets,
    /// joined by stream copy with the source's audio copied once, checked frame by frame against the source (as
    /// <see cref="ISegmentEngine.JoinAsync"/>).
    /// </summary>
    /// <exception cref="EncodeFailedException">A piece is missing or encoded with other parameter sets, the join failed, or its output is not frame-exact.</exception>
    Task<SegmentJoinResult> JoinCopyAsync(RecipientJoinRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The base's pieces: a file for each shared piece of the plan, null for a personal one.</summary>
public sealed record RecipientBase(IReadOnlyList<string?> PieceFiles, TimeSpan Elapsed, string LogPath);

/// <summary>Pieces encoded for a copy: a file for each piece asked for (a copy's personal pieces, or given shared ones), null for the others.</summary>
/// <param name="EncodeTime">The pieces' encodes added up, each from when it had its encode slot: the copy's own work.</param>
public sealed record RecipientPieces(IReadOnlyList<string?> PieceFiles, TimeSpan Elapsed, TimeSpan EncodeTime);

public sealed record RecipientJoinRequest(
    string InputPath,
    RecipientPlan Plan,
    IReadOnlyList<string?> BasePieces,
    IReadOnlyList<string?> CopyPieces,
    string OutputPath,
    string? LogPath = null,
    string? InputName = null);

/// <summary>Every copy of <see cref="FfmpegWatermarkEngine.ApplyRecipientsAsync"/>: one output per recipient, in order.</summary>
/// <param name="Recipients">Each recipient's token values (<see cref="TokenValues.For"/>).</param>
/// <param name="BaseLogPath">The base's log (default: beside the first output).</param>
/// <param name="FullEncodes">Make every copy a full encode whatever the plan says (to compare).</param>
public sealed record RecipientsRequest(
    string InputPath,
    WatermarkTemplate Template,
    string ImageFolder,
    IReadOnlyList<IReadOnlyDictionary<string, string>> Recipients,
    IReadOnlyList<string> OutputPaths,
    double GridSeconds = RecipientPlanner.DefaultGridSeconds,
    string? BaseLogPath = null,
    string? InputName = null,
    bool FullEncodes = false);

/// <param name="BaseTime">The base's encode and cut; zero when every copy is a full encode.</param>
public sealed record RecipientsResult(RecipientPlan Plan, TimeSpan Elapsed, TimeSpan BaseTime, IReadOnlyList<RecipientCopy> Copies);

/// <summary>
/// One copy: its output, its frames, and its time: its pieces' encodes (<see cref="RecipientPieces.EncodeTime"/>) and
/// its join, or a full encode's run, neither counting the time spent waiting for an encode slot.
/// </summary>
public sealed record RecipientCopy(int Index, string OutputPath, long OutputSize, int Frames, bool Full, TimeSpan Elapsed, TimeSpan EncodeTime, TimeSpan JoinTime, string LogPath);
