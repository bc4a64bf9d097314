namespace ModelMint.ML.Training.Neural;

/// <summary>
/// Trainer <c>bilstm</c>: the sentiment network of the background article (Keras <c>Embedding(128)</c> →
/// <c>Bidirectional(LSTM(128))</c> → <c>Dense(128, relu)</c> → output), trained from scratch with Adam on
/// cross-entropy in mini-batches, with early stopping on a stratified validation split.
/// </summary>
/// <remarks>
/// <para>
/// Architecture: word-token embedding (dimension <c>embeddingDim</c>, 128) → a forward and a backward LSTM (each
/// <c>hiddenSize</c>, 128; gates i, f, g, o; forget bias starts at 1) over the first <c>maxLength</c> tokens, with no
/// padding steps → the two directions' final hidden states, concatenated (Keras's default for
/// <c>Bidirectional(LSTM)</c>; not mean-pooled) → dense <c>denseSize</c> (128) with ReLU → a softmax over the labels,
/// whose output is the model's probabilities. Vocabulary: the training part's <c>vocabularySize</c> (30000) most
/// frequent tokens seen at least <c>minCount</c> (2) times; everything else shares one out-of-vocabulary row, which is
/// therefore trained on rare words. Optimiser: Adam (<c>learningRate</c> 0.002, β 0.9/0.999, ε 1e-7; lazy on
/// embedding rows), batches of <c>batchSize</c> (64), reshuffled every epoch; no dropout, no weight decay, no
/// gradient clipping. Up to <c>epochs</c> (5) epochs; after each, the loss and accuracy on the
/// <c>validationFraction</c> (0.1) held out are reported, and training stops once <c>patience</c> (2) epochs pass
/// without a lower validation loss. The returned model has the weights of the best epoch and is not refitted on the
/// held-out rows.
/// </para>
/// <para>
/// Why no deep-learning library: TorchSharp's native <c>libLibTorchSharp.so</c> (0.107, libtorch 2.10) needs
/// <c>GLIBCXX_3.4.32</c>, which Debian 12's libstdc++ (3.4.30) lacks, and libtorch is a ~600 MB download per CI run;
/// a shim library could paper over the symbol, but not over the download. The network is
/// small enough to write out: forward and backward passes are plain managed C#, the elementwise work on
/// <see cref="System.Numerics.Tensors.TensorPrimitives"/> and the three matrix products (gates, their transpose for
/// backpropagation, the kernel gradient) in small <see cref="System.Numerics.Vector{T}"/> kernels over contiguous
/// row-major weights (<see cref="MatrixKernels"/>), run for groups of similar-length examples so that one pass over
/// the weights serves several examples. The backward pass is checked against finite differences in the tests.
/// </para>
/// <para>
/// Reproducibility: the same rows, parameters and seed give bit-for-bit the same model on the same machine and runtime,
/// whatever the core count: a batch's gradient is computed in parallel over a fixed number of example shards whose
/// sums are added in a fixed order (<see cref="BatchGradient"/>). Machines with different SIMD widths may round
/// differently.
/// </para>
/// </remarks>
public sealed class BiLstmTrainer : ITextClassifierTrainer
{
    public string Name => "bilstm";

    public bool SupportsMultiLabel => false;

    public IReadOnlyList<string> ValidateParameters(IReadOnlyDictionary<string, string> parameters) =>
        TrainerParameters.Validate(() => BiLstmOptions.Parse(Name, parameters));

    public TrainingResult Train(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = BiLstmOptions.Parse(Name, request.Parameters);
        if (request.MultiLabel)
        {
            throw new ArgumentException("The 'bilstm' trainer does not support multi-label training; use 'auto' or 'linear-svm'.", nameof(request));
        }

        return BiLstmTraining.Run(request, options, observer, cancellationToken);
    }
}
