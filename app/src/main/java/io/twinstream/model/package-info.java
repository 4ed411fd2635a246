/**
 * The GAN-RNN: an LSTM generator and an LSTM discriminator, their adversarial training ({@link
 * io.twinstream.model.GanTrainer}) and the frozen models it produces ({@link io.twinstream.model.GanSnapshot}), which
 * score windows, generate new ones and travel as {@code ModelSnapshot} records. No Kafka here.
 *
 * <p><b>Why hand-written layers over OpenBLAS.</b> Both networks are written out here, forward and backward
 * (back-propagation through time, checked against finite differences in the tests), on {@code float[]} arrays whose
 * matrix products go to OpenBLAS, the BLAS that ND4J's CPU backend ships. Measured on the 2-core development machine
 * with {@code bench model} (L=64, F=1, two LSTM layers of 32): Deeplearning4j's {@code MultiLayerNetwork} with
 * {@code LSTM} layers, the baseline, scores about 2,500 windows/s at batch 256 and takes about 20 ms for one window,
 * because it pays a fixed cost for every op of every time step. (SameDiff's fused {@code lstmLayer} op removes much of
 * that cost but keeps the recurrence inside a graph executor; it was not needed once the written-out layers met the
 * targets.) Written out, one step of one layer is a single matrix product
 * ({@code gates[4H x B] = W^T [x_t ; h_(t-1)]}) and a few element-wise loops over whole [rows x batch] blocks, which
 * the JIT vectorises; with this the model scores about 22,000 windows/s at batch 256 on one thread (a quarter of the
 * machine's GEMM rate), one window in about 0.3 ms, and trains about ten times faster than the baseline. It also
 * gives the adversarial recipe exactly what it needs: the discriminator's gradient with respect to its input, with
 * its own weights held still, for the generator's update.
 *
 * <p>Two things mattered most, each measured: the feature-major layout (every array [size x batch]), which turned
 * per-row scalar loops into long vector loops (about three times faster), and the BLAS kernel: the OpenBLAS that ND4J
 * ships picks, on this machine's AVX-512 CPU, a kernel about three times slower for these products than its SkylakeX
 * kernel, which {@link io.twinstream.model.NativeEnvironment} selects before the library loads.
 *
 * <p><b>The anomaly score</b> is the discriminator's verdict, {@code -log D(x)}, plus the distance of the window's
 * features in the discriminator (its top layer's last hidden state and that state's mean and spread over the steps)
 * from those of real windows (Mahalanobis). The discriminator sees each window centred on its own mean, beside its
 * step-to-step changes: it judges a window's shape (jumps, stillness, roughness, pace) rather than where in a daily
 * cycle or a trend it lies, which on seasonal, trending series is what tells anomalies from normal windows. Its
 * learning rate is kept well below the generator's: trained at the same rate, its features narrow to whatever tells
 * the generator's windows apart and lose most of what separates anomalies from normal windows. That is the default
 * {@code shape} view; the {@code sequence} view (windows as they are, every step judged) with a faster discriminator
 * is what makes good synthetic sequences.
 *
 * <p>{@link io.twinstream.model.SequenceClassifier} and {@link io.twinstream.model.NextStepRegressor} are the small
 * post-hoc models that judge synthetic sequences by the TimeGAN protocol.
 */
package io.twinstream.model;
