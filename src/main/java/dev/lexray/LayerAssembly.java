package dev.lexray;

import dev.lexray.LexrayModel.Unit;
import dev.lexray.lrp.LayerRecorder;
import dev.lexray.text.EncodedText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Turns what a {@link LayerRecorder} collected for a batch into each text's {@link LayerRelevance} list: one row per
 * unit (text or window), then per text the windows joined as the word relevances are (a window counts 1/W; token
 * positions go back to the text's pieces).
 */
final class LayerAssembly {
    /** One layer of one unit, in plain arrays; {@code positions} cut to the unit's length. */
    record Row(String name, String kind, double sum, double absorbed, Double initial, Double attention,
            double[] heads, double[] positions, double[] units, double[] activations, int[] drivers) {}

    private LayerAssembly() {}

    /** The layers of unit {@code b} of a batch, its real length {@code length}. */
    static List<Row> row(List<LayerRecorder.Layer> layers, int b, int length) {
        List<Row> out = new ArrayList<>(layers.size());
        for (LayerRecorder.Layer l : layers) {
            out.add(new Row(l.name(), l.kind(), l.relevanceSum()[b], l.absorbed()[b],
                    l.initialState() == null ? null : l.initialState()[b],
                    l.attention() == null ? null : l.attention()[b], l.heads() == null ? null : l.heads()[b],
                    l.positions() == null ? null : Arrays.copyOf(l.positions()[b], length),
                    l.units() == null ? null : l.units()[b], l.activations() == null ? null : l.activations()[b],
                    l.drivers() == null ? null : l.drivers()[b]));
        }
        return out;
    }

    /** A text's layers from its windows' rows: sums and heads are means over windows, positions go to pieces. */
    static List<LayerRelevance> join(EncodedText e, List<Unit> units, List<List<Row>> rows, int topNeurons) {
        int windows = units.size();
        int count = rows.get(0).size();
        List<LayerRelevance> out = new ArrayList<>(count);
        for (int l = 0; l < count; l++) {
            Row first = rows.get(0).get(l);
            double sum = 0;
            double absorbed = 0;
            Double initial = first.initial() == null ? null : 0.0;
            Double attention = first.attention() == null ? null : 0.0;
            double[] heads = first.heads() == null ? null : new double[first.heads().length];
            double[] positions = first.positions() == null ? null : new double[e.length()];
            double[] unitRelevance = first.units() == null ? null : new double[first.units().length];
            double[] activations = first.units() == null ? null : new double[first.units().length];
            for (int w = 0; w < windows; w++) {
                Row r = rows.get(w).get(l);
                sum += r.sum() / windows;
                absorbed += r.absorbed() / windows;
                if (initial != null) {
                    initial += r.initial() / windows;
                }
                if (attention != null) {
                    attention += r.attention() / windows;
                }
                if (heads != null) {
                    addScaled(heads, r.heads(), windows);
                }
                if (positions != null) {
                    Windows.accumulate(units.get(w), r.positions(), windows, positions);
                }
                if (unitRelevance != null) {
                    addScaled(unitRelevance, r.units(), windows);
                    addScaled(activations, r.activations(), windows);
                }
            }
            List<Neuron> neurons = unitRelevance == null || topNeurons == 0 ? null
                    : top(e, units, rows, l, unitRelevance, activations, topNeurons);
            out.add(new LayerRelevance(first.name(), first.kind(), sum, absorbed, initial, attention, heads,
                    positions, neurons));
        }
        return out;
    }

    /** The tokens of a text's positions. */
    static List<String> pieces(EncodedText e) {
        return e.tokens().stream().map(t -> t.term()).toList();
    }

    private static List<Neuron> top(EncodedText e, List<Unit> units, List<List<Row>> rows, int layer,
            double[] relevance, double[] activations, int k) {
        return IntStream.range(0, relevance.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -Math.abs(relevance[i])).thenComparing(i -> i))
                .limit(k)
                .map(i -> new Neuron(i, relevance[i], activations[i], driver(e, units, rows, layer, i)))
                .toList();
    }

    /** The word at the position where unit {@code i} got most relevance, in the window where it got most. */
    private static String driver(EncodedText e, List<Unit> units, List<List<Row>> rows, int layer, int i) {
        int best = -1;
        double most = -1;
        for (int w = 0; w < units.size(); w++) {
            Row r = rows.get(w).get(layer);
            if (r.drivers() == null) {
                return null;
            }
            if (Math.abs(r.units()[i]) > most) {
                most = Math.abs(r.units()[i]);
                int position = r.drivers()[i];
                int[] source = units.get(w).source();
                best = position < source.length ? source[position] : -1;
            }
        }
        return best < 0 ? null : e.tokens().get(best).term();
    }

    private static void addScaled(double[] into, double[] values, int windows) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i] / windows;
        }
    }
}
