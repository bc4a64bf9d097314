namespace ModelMint.Client;

/// <summary>A training job's curve so far, with the job's status and progress at the time it was read.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Status">The job's status.</param>
/// <param name="Progress">How far training has got, from 0 to 1.</param>
/// <param name="Points">The points in the order the trainer reported them.</param>
public sealed record TrainingCurve(Guid JobId, TrainingJobStatus Status, double Progress, IReadOnlyList<CurvePoint> Points);

/// <summary>
/// One point of a training curve. <see cref="Series"/> names what is being fitted (an epoch loop such as
/// <c>bilstm</c>, or the candidates of <c>auto</c>); <see cref="Step"/> counts within it (epoch, iteration or
/// candidate index). Values the trainer does not measure are <see langword="null"/>.
/// </summary>
/// <param name="Series">What is being fitted.</param>
/// <param name="Step">The epoch, iteration or candidate index within the series.</param>
/// <param name="TrainingLoss">The loss on the training rows.</param>
/// <param name="ValidationLoss">The log-loss on the validation rows.</param>
/// <param name="ValidationAccuracy">The accuracy on the validation rows, 0 to 1.</param>
public sealed record CurvePoint(string Series, int Step, double? TrainingLoss, double? ValidationLoss, double? ValidationAccuracy);
