/**
 * How good the service's two feeds are, by the measures its field uses: {@link io.twinstream.evaluate.AnomalyEvaluation}
 * replays a labelled corpus in NAB's layout through the service's own topology and scores it as NAB and the Orion
 * benchmark do; {@link io.twinstream.evaluate.SyntheticEvaluation} trains the model on the Sines set or a CSV's windows
 * and scores its sequences by the TimeGAN protocol.
 */
package io.twinstream.evaluate;
