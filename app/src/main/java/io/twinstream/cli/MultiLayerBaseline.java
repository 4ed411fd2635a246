package io.twinstream.cli;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The benchmark's baseline: the same networks built the stock Deeplearning4j way, as {@link MultiLayerNetwork}s of
 * {@code LSTM} layers. A discriminator (LSTM stack, last step, sigmoid output) and, for the cost of a generator update
 * through it, a stack of both networks' LSTM layers trained as one.
 */
final class MultiLayerBaseline {

    private final int length;
    private final int features;
    private final MultiLayerNetwork discriminator;
    private final MultiLayerNetwork generatorThroughDiscriminator;

    MultiLayerBaseline(final int length, final int features, final int latent, final int hidden, final int layers, final long seed) {
        this.length = length;
        this.features = features;
        this.discriminator = network(features, hidden, layers, seed);
        this.generatorThroughDiscriminator = network(latent, hidden, 2 * layers, seed);
    }

    private MultiLayerNetwork network(final int inputs, final int hidden, final int lstmLayers, final long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list();
        for (int i = 0; i < lstmLayers; i++) {
            final LSTM lstm = new LSTM.Builder().nIn(i == 0 ? inputs : hidden).nOut(hidden).activation(Activation.TANH).build();
            list = list.layer(i == lstmLayers - 1 ? new LastTimeStep(lstm) : lstm);
        }
        final MultiLayerConfiguration configuration = list
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(hidden).nOut(1).activation(Activation.SIGMOID).build())
                .setInputType(InputType.recurrent(inputs, length))
                .build();
        final MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    /** Random windows [batch, features, length], the layout Deeplearning4j's recurrent layers take. */
    INDArray windows(final int batch) {
        return Nd4j.randn(DataType.FLOAT, batch, features, length);
    }

    INDArray noise(final int batch, final int latent) {
        return Nd4j.randn(DataType.FLOAT, batch, latent, length);
    }

    /** The discriminator's probabilities for a batch. */
    INDArray score(final INDArray windows) {
        return discriminator.output(windows);
    }

    /** The cost of one adversarial step: a discriminator update on real and generated windows, then a generator-sized update. */
    void adversarialStep(final INDArray real, final INDArray generated, final INDArray noise) {
        final int batch = (int) real.size(0);
        discriminator.fit(Nd4j.concat(0, real, generated), Nd4j.vstack(Nd4j.ones(DataType.FLOAT, batch, 1), Nd4j.zeros(DataType.FLOAT, batch, 1)));
        generatorThroughDiscriminator.fit(noise, Nd4j.ones(DataType.FLOAT, batch, 1));
    }
}
