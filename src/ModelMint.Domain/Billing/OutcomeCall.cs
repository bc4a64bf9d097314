namespace ModelMint.Domain.Billing;

/// <summary>A prediction priced by outcome, with the feedback received for it (if any).</summary>
public sealed record OutcomeCall
{
    /// <summary>A call made at <paramref name="occurredAt"/> with optional feedback.</summary>
    /// <exception cref="ArgumentException">
    /// Feedback and its time are not given together, or the feedback predates the call.
    /// </exception>
    public OutcomeCall(Guid predictionId, DateTimeOffset occurredAt, OutcomeFeedback feedback = OutcomeFeedback.None,
        DateTimeOffset? feedbackAt = null)
    {
        if (!Enum.IsDefined(feedback))
        {
            throw new ArgumentOutOfRangeException(nameof(feedback), feedback, "Unknown feedback value.");
        }

        if ((feedback == OutcomeFeedback.None) != (feedbackAt is null))
        {
            throw new ArgumentException(
                "Feedback and the time it was received are given together, or neither is.", nameof(feedbackAt));
        }

        if (feedbackAt < occurredAt)
        {
            throw new ArgumentException("Feedback cannot be received before the prediction was made.", nameof(feedbackAt));
        }

        PredictionId = predictionId;
        OccurredAt = occurredAt;
        Feedback = feedback;
        FeedbackAt = feedbackAt;
    }

    /// <summary>The prediction the feedback is about.</summary>
    public Guid PredictionId { get; }

    /// <summary>When the prediction was made; the feedback window opens here.</summary>
    public DateTimeOffset OccurredAt { get; }

    /// <summary>The customer's feedback, <see cref="OutcomeFeedback.None"/> when there is none.</summary>
    public OutcomeFeedback Feedback { get; }

    /// <summary>When the feedback was received, or <see langword="null"/>.</summary>
    public DateTimeOffset? FeedbackAt { get; }
}
