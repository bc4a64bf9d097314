namespace ModelMint.ML.Training.Neural;

/// <summary>
/// The sizes of a <see cref="BiLstmNetwork{T}"/> and where each block lives in its flat weight array, in this order:
/// the forward LSTM (kernel [4H × (E+H)] row-major, gate rows grouped input, forget, cell, output; then 4H biases),
/// the backward LSTM (the same), the dense layer ([N × 2H], then N biases) and the output layer ([C × N], then C biases).
/// </summary>
/// <remarks>Row r of an LSTM kernel holds gate r's weights for the step input [x_t; h_{t-1}], so a step's gates are
/// 4H dot products over one contiguous vector.</remarks>
internal readonly record struct BiLstmShape(int VocabularySize, int EmbeddingDim, int HiddenSize, int DenseSize, int ClassCount)
{
    public int GateRows => 4 * HiddenSize;

    /// <summary>Length of one step's input [x_t; h_{t-1}].</summary>
    public int StepWidth => EmbeddingDim + HiddenSize;

    public int LstmKernelCount => GateRows * StepWidth;

    public int LstmCount => LstmKernelCount + GateRows;

    /// <summary>Length of the concatenated final states [h_forward; h_backward].</summary>
    public int FeatureCount => 2 * HiddenSize;

    public int ForwardLstm => 0;

    public int BackwardLstm => LstmCount;

    public int Dense => 2 * LstmCount;

    public int DenseBias => Dense + (DenseSize * FeatureCount);

    public int Output => DenseBias + DenseSize;

    public int OutputBias => Output + (ClassCount * DenseSize);

    public int WeightCount => OutputBias + ClassCount;

    public int EmbeddingCount => VocabularySize * EmbeddingDim;

    public string Description =>
        $"embedding{EmbeddingDim}-bilstm{HiddenSize}x2-final-states-dense{DenseSize}-relu-softmax{ClassCount}";

    public void Validate()
    {
        if (VocabularySize < 1 || EmbeddingDim < 1 || HiddenSize < 1 || DenseSize < 1 || ClassCount < 2
            || (long)VocabularySize * EmbeddingDim > Array.MaxLength
            || (4L * HiddenSize * (EmbeddingDim + HiddenSize) * 2) + ((long)DenseSize * (2 * HiddenSize + ClassCount)) > Array.MaxLength)
        {
            throw new ArgumentException(
                $"Invalid network shape: vocabulary {VocabularySize}, embedding {EmbeddingDim}, hidden {HiddenSize}, dense {DenseSize}, classes {ClassCount}.");
        }
    }
}
