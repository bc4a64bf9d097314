using System.Numerics;

namespace ModelMint.ML.Training.Neural;

/// <summary>
/// What a group's forward pass keeps for its backward pass, plus the backward pass's scratch, for up to
/// <see cref="GroupCapacity"/> examples of up to <see cref="Capacity"/> tokens. One tape serves one thread at a time.
/// </summary>
/// <remarks>
/// The group's examples are ranked longest first, so the examples still running at step t are always ranks
/// 0..active(t)−1; step t's rows are packed at <see cref="Offsets"/>[t], with no gaps, and a group of n examples of
/// total length L fills L rows. That makes each step one matrix product over the active examples, and the kernel
/// gradient one product over all L rows.
/// </remarks>
internal sealed class BiLstmTape<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public BiLstmTape(BiLstmShape shape, int capacity, int groupCapacity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupCapacity);
        Capacity = capacity;
        GroupCapacity = groupCapacity;
        var rows = capacity * groupCapacity;
        Forward = new LstmTape<T>(shape, rows);
        Backward = new LstmTape<T>(shape, rows);
        Ranks = new int[groupCapacity];
        Offsets = new int[capacity + 1];
        Zeros = new T[shape.HiddenSize];
        Features = new T[groupCapacity * shape.FeatureCount];
        Dense = new T[groupCapacity * shape.DenseSize];
        Activated = new T[groupCapacity * shape.DenseSize];
        Logits = new T[groupCapacity * shape.ClassCount];
        Probabilities = new T[groupCapacity * shape.ClassCount];
        DenseGradient = new T[groupCapacity * shape.DenseSize];
        ActivatedGradient = new T[groupCapacity * shape.DenseSize];
        FeatureGradient = new T[groupCapacity * shape.FeatureCount];
        HiddenGradient = new T[groupCapacity * shape.HiddenSize];
        CellGradient = new T[groupCapacity * shape.HiddenSize];
        GateGradients = new T[rows * shape.GateRows];
        InputGradients = new T[groupCapacity * shape.StepWidth];
    }

    /// <summary>The most tokens an example may have.</summary>
    public int Capacity { get; }

    /// <summary>The most examples a group may have.</summary>
    public int GroupCapacity { get; }

    public LstmTape<T> Forward { get; }

    public LstmTape<T> Backward { get; }

    /// <summary>Ranks[g] is the position, in the caller's order, of the g-th longest example.</summary>
    public int[] Ranks { get; }

    /// <summary>Offsets[t] is the first packed row of step t; Offsets[t + 1] − Offsets[t] examples run at step t.</summary>
    public int[] Offsets { get; }

    /// <summary>The initial cell state; never written.</summary>
    public T[] Zeros { get; }

    /// <summary>Per rank, [h_forward; h_backward].</summary>
    public T[] Features { get; }

    public T[] Dense { get; }

    public T[] Activated { get; }

    public T[] Logits { get; }

    /// <summary>Per rank, the softmax; the backward pass turns it into dLoss/dlogits in place.</summary>
    public T[] Probabilities { get; }

    public T[] DenseGradient { get; }

    public T[] ActivatedGradient { get; }

    public T[] FeatureGradient { get; }

    /// <summary>Per rank, dLoss/dh and dLoss/dc flowing back through the direction being backpropagated.</summary>
    public T[] HiddenGradient { get; }

    public T[] CellGradient { get; }

    /// <summary>Per packed row, dLoss/dgate pre-activations of the direction being backpropagated.</summary>
    public T[] GateGradients { get; }

    /// <summary>Per rank, dLoss/d[x_t; h_{t-1}] of the step being backpropagated.</summary>
    public T[] InputGradients { get; }
}

/// <summary>One direction's record, per packed row: the step input [x_t; h_{t-1}], activated gates, cell and tanh(cell).</summary>
internal sealed class LstmTape<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public LstmTape(BiLstmShape shape, int rows)
    {
        Inputs = new T[rows * shape.StepWidth];
        Gates = new T[rows * shape.GateRows];
        Cells = new T[rows * shape.HiddenSize];
        CellTanh = new T[rows * shape.HiddenSize];
    }

    public T[] Inputs { get; }

    public T[] Gates { get; }

    public T[] Cells { get; }

    public T[] CellTanh { get; }
}
