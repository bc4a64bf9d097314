namespace ModelMint.Server.Usage;

/// <summary>
/// Told about usage once it is durable: <see cref="UsageRecorder"/> calls every registered observer after each
/// committed batch with the records that were stored (charges included; refused and duplicate requests are not).
/// It is called on the recorder's single writer, so an implementation must return at once (hand the work to its own
/// queue) and must not throw; anything it does happens after the requests have been answered.
/// </summary>
public interface IUsageObserver
{
    void OnCommitted(IReadOnlyList<UsageRecord> committed);
}
