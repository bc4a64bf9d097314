namespace ModelMint.Domain.Billing;

/// <summary>What the customer said about a prediction priced by outcome.</summary>
public enum OutcomeFeedback
{
    /// <summary>No feedback (yet).</summary>
    None = 0,

    /// <summary>The customer accepted the prediction: it is billable.</summary>
    Accepted = 1,

    /// <summary>The customer rejected the prediction: it is free.</summary>
    Rejected = 2,
}
