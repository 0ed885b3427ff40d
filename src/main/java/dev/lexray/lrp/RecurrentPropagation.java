package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import dev.lexray.model.DirectionTrace;
import dev.lexray.model.RecurrentStep;
import java.util.List;

/**
 * Relevance through a recurrent layer after Arras et al. 2017, "Explaining Recurrent Neural Network Predictions in
 * Sentiment Analysis". Relevance arriving at every state {@code h_t} (from pooling or the layer above) is walked
 * back through time, direction by direction.
 *
 * <p>LSTM: {@code h_t} hands all to {@code c_t}; {@code c_t = f*c_{t-1} + i*g} is one linear map with identity
 * weights from the 2H entries {@code [f*c_{t-1}, i*g]} (epsilon rule, N = 2H); {@code i*g} gives all to {@code g};
 * {@code g}'s pre-activation is split between {@code x_t} and {@code h_{t-1}} (N = In + H).
 * GRU: {@code h_t = (1-z)*n + z*h_{t-1}} is split the same way; {@code (1-z)*n} gives all to {@code n}, whose
 * pre-activation is split between {@code x_t} and {@code h_{t-1}} through {@code r*(W_hn h + b_hn)} with r held
 * constant. Over padded steps the state was held, so relevance passes straight through.
 */
final class RecurrentPropagation {
    /** Relevance at the layer's input {@code [B,T,In]} and what the initial states absorbed {@code [B]}. */
    record Result(NDArray input, NDArray initialState) {}

    private RecurrentPropagation() {}

    static Result propagate(RecurrentStep step, NDArray relevanceOut, RecurrentRule rule) {
        int h = step.layer().hiddenSize();
        NDArray inputRelevance = null;
        NDArray initial = null;
        List<DirectionTrace> directions = step.directions();
        for (int d = 0; d < directions.size(); d++) {
            NDArray rOut = relevanceOut.get(new NDIndex().addAllDim(2).addSliceDim((long) d * h, (long) (d + 1) * h));
            Result r = directions.get(d) instanceof DirectionTrace.Lstm lstm
                    ? lstm(lstm, step.mask(), rOut, rule.epsilonRule())
                    : gru((DirectionTrace.Gru) directions.get(d), step.mask(), rOut, rule.epsilonRule());
            inputRelevance = inputRelevance == null ? r.input() : inputRelevance.add(r.input());
            initial = initial == null ? r.initialState() : initial.add(r.initialState());
        }
        return new Result(inputRelevance, initial);
    }

    private static Result lstm(DirectionTrace.Lstm tr, NDArray mask, NDArray rOut, EpsilonRule eps) {
        int steps = tr.x().length;
        int hidden = (int) tr.c()[0].getShape().get(1);
        int in = (int) tr.x()[0].getShape().get(1);
        NDArray rh = tr.c()[0].zerosLike();
        NDArray rc = rh;
        NDArray[] rx = new NDArray[steps];
        for (int s = steps - 1; s >= 0; s--) {
            int t = tr.reverse() ? steps - 1 - s : s;
            NDArray m = mask.get(new NDIndex().addAllDim().addIndices(t)).expandDims(1);
            rh = rh.add(rOut.get(new NDIndex().addAllDim().addIndices(t)));
            NDArray rcT = rc.add(rh); // h_t = o * tanh(c_t): all to c_t, none to the output gate
            List<NDArray> cell = eps.split(tr.c()[t], null, rcT, 2 * hidden,
                    List.of(LinearInput.identity(tr.fc()[t]), LinearInput.identity(tr.ig()[t])));
            NDArray rg = cell.get(1); // i*g: all to g, none to the input gate
            NDArray wIg = tr.wIg();
            NDArray wHg = tr.wHg();
            List<NDArray> pre = eps.split(tr.gPre()[t], tr.bG(), rg, in + hidden,
                    List.of(new LinearInput(tr.x()[t], q -> q.matMul(wIg)),
                            new LinearInput(tr.hPrev()[t], q -> q.matMul(wHg))));
            rx[t] = pre.get(0).mul(m);
            rh = hold(m, pre.get(1), rh);
            rc = hold(m, cell.get(0), rc);
        }
        return new Result(NDArrays.stack(new NDList(rx), 1), rh.sum(new int[] {1}).add(rc.sum(new int[] {1})));
    }

    private static Result gru(DirectionTrace.Gru tr, NDArray mask, NDArray rOut, EpsilonRule eps) {
        int steps = tr.x().length;
        int hidden = (int) tr.h()[0].getShape().get(1);
        int in = (int) tr.x()[0].getShape().get(1);
        NDArray rh = tr.h()[0].zerosLike();
        NDArray[] rx = new NDArray[steps];
        for (int s = steps - 1; s >= 0; s--) {
            int t = tr.reverse() ? steps - 1 - s : s;
            NDArray m = mask.get(new NDIndex().addAllDim().addIndices(t)).expandDims(1);
            rh = rh.add(rOut.get(new NDIndex().addAllDim().addIndices(t)));
            List<NDArray> update = eps.split(tr.h()[t], null, rh, 2 * hidden,
                    List.of(LinearInput.identity(tr.nTerm()[t]), LinearInput.identity(tr.zh()[t])));
            NDArray rn = update.get(0); // (1-z)*n: all to n, none to the update gate
            NDArray r = tr.r()[t];
            NDArray wIn = tr.wIn();
            NDArray wHn = tr.wHn();
            NDArray bias = tr.bIn().add(r.mul(tr.bHn())); // [B,H]: r held constant
            List<NDArray> pre = eps.split(tr.nPre()[t], bias, rn, in + hidden,
                    List.of(new LinearInput(tr.x()[t], q -> q.matMul(wIn)),
                            new LinearInput(tr.hPrev()[t], q -> q.mul(r).matMul(wHn))));
            rx[t] = pre.get(0).mul(m);
            rh = hold(m, update.get(1).add(pre.get(1)), rh);
        }
        return new Result(NDArrays.stack(new NDList(rx), 1), rh.sum(new int[] {1}));
    }

    private static NDArray hold(NDArray m, NDArray next, NDArray previous) {
        return next.mul(m).add(previous.mul(m.neg().add(1)));
    }
}
