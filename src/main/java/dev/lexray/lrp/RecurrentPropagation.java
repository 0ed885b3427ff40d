package dev.lexray.lrp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import dev.lexray.model.DirectionTrace;
import dev.lexray.model.RecurrentLayer;
import dev.lexray.model.RecurrentStep;
import dev.lexray.model.StepPadding;
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
 *
 * <p>How it is computed: given the forward pass, the epsilon rule is linear in the relevance it splits
 * ({@code R_j = a_j w_jm / (z_m + eps s_m) * R_m}, plus the bias share, also linear), so every factor that does not
 * depend on relevance is computed for all time steps at once before the walk back; inside the walk only the
 * products with the relevance carried from step to step remain (about six operations per step and direction), and
 * the input's share ({@code x_t}'s, which nothing downstream in time needs) is one matrix product after it.
 */
final class RecurrentPropagation {
    /** Relevance at the layer's input {@code [B,T,In]} and what the initial states absorbed {@code [B]}. */
    record Result(NDArray input, NDArray initialState) {}

    private RecurrentPropagation() {}

    static Result propagate(RecurrentStep step, NDArray relevanceOut, RecurrentRule rule) {
        List<DirectionTrace> directions = step.directions();
        NDList parts = directions.size() == 1 ? new NDList(relevanceOut) : relevanceOut.split(directions.size(), 2);
        NDArray inputRelevance = null;
        NDArray initial = null;
        for (int d = 0; d < directions.size(); d++) {
            NDArray rOut = parts.get(d);
            Result r = directions.get(d) instanceof DirectionTrace.Lstm lstm
                    ? lstm(lstm, step, rOut, rule.epsilonRule())
                    : gru((DirectionTrace.Gru) directions.get(d), step, rOut, rule.epsilonRule());
            inputRelevance = inputRelevance == null ? r.input() : inputRelevance.add(r.input());
            initial = initial == null ? r.initialState() : initial.add(r.initialState());
        }
        return new Result(inputRelevance, initial);
    }

    private static Result lstm(DirectionTrace.Lstm tr, RecurrentStep step, NDArray rOut, EpsilonRule rule) {
        int steps = tr.c().length;
        int hidden = step.layer().hiddenSize();
        int in = (int) step.input().getShape().get(2);
        double eps = rule.epsilon();
        double bf = rule.biasFactor();
        StepPadding pad = step.padding();
        // c_t = fc + ig, split by the epsilon rule: R_fc = fc/den(c) * R, R_ig = ig/den(c) * R.
        NDArray c = cat(tr.c());
        NDArray invC = Tensors.stabilisedInverse(c, eps);
        NDArray gPre = cat(tr.gPre());
        NDArray invG = Tensors.stabilisedInverse(gPre, eps);
        NDArray[] toFc = steps(cat(tr.fc()).mul(invC));
        NDArray igOverC = cat(tr.ig()).mul(invC);
        NDArray[] hPrev = steps(cat(tr.hPrev()));
        NDArray[] toQ; // q = R_g / den(gPre): the quotient that W_hg and W_ig map back
        NDArray[] toIg = null;
        NDArray[] invGs = null;
        NDArray[] kc = null;
        NDArray[] kg = null;
        if (bf == 0) {
            toQ = steps(igOverC.mul(invG));
        } else {
            toQ = null;
            toIg = steps(igOverC);
            invGs = steps(invG);
            // The shares of bias and stabiliser, spread evenly over the N inputs: kc times the relevance at c,
            // kg times the quotient q.
            kc = steps(Tensors.stabiliser(c, eps).mul(invC).mul(bf / (2.0 * hidden)));
            kg = steps(Tensors.stabiliser(gPre, eps).add(tr.bG()).mul(bf / (double) (in + hidden))); // times q
        }
        NDArray[] rOutSteps = steps(rOut);
        boolean[] zero = zeroSteps(rOut);
        NDArray wHg = tr.wHg();
        NDArray rh = tr.c()[0].zerosLike();
        NDArray rc = rh;
        NDArray[] q = new NDArray[steps];
        NDArray[] shareG = bf == 0 ? null : new NDArray[steps];
        for (int s = steps - 1; s >= 0; s--) {
            int t = tr.reverse() ? steps - 1 - s : s;
            // A scope per step frees its temporaries at once (see RecurrentLayer.step); q, the bias share and the
            // carried relevance live on.
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                if (!zero[t]) {
                    rh = rh.add(rOutSteps[t]);
                }
                NDArray rcT = rc.add(rh); // h_t = o * tanh(c_t): all to c_t, none to the output gate
                NDArray rFc;
                if (bf == 0) {
                    rFc = toFc[t].mul(rcT);
                    q[t] = toQ[t].mul(rcT); // i*g: all to g, none to the input gate
                } else {
                    NDArray shareC = kc[t].mul(rcT).sum(new int[] {2}, true);
                    rFc = toFc[t].mul(rcT).add(shareC);
                    q[t] = toIg[t].mul(rcT).add(shareC).mul(invGs[t]);
                    shareG[t] = kg[t].mul(q[t]).sum(new int[] {2}, true);
                }
                NDArray rHPrev = hPrev[t].mul(q[t].matMul(wHg));
                if (shareG != null) {
                    rHPrev = rHPrev.add(shareG[t]);
                }
                rh = pad.hold(t, rHPrev, rh);
                rc = pad.hold(t, rFc, rc);
                NDScope.unregister(q[t], rh, rc);
                if (shareG != null) {
                    NDScope.unregister(shareG[t]);
                }
            }
            register(q[t], rh, rc, shareG == null ? null : shareG[t]);
        }
        NDArray rx = step.input().mul(cat(q).matMul(tr.wIg()));
        if (shareG != null) {
            rx = rx.add(cat(shareG));
        }
        return new Result(pad.zeroPadding(rx), rh.sum(new int[] {1, 2}).add(rc.sum(new int[] {1, 2})));
    }

    private static Result gru(DirectionTrace.Gru tr, RecurrentStep step, NDArray rOut, EpsilonRule rule) {
        int steps = tr.h().length;
        int hidden = step.layer().hiddenSize();
        int in = (int) step.input().getShape().get(2);
        double eps = rule.epsilon();
        double bf = rule.biasFactor();
        StepPadding pad = step.padding();
        // h_t = (1-z)*n + z*h_{t-1}, split by the epsilon rule; (1-z)*n gives all to n.
        NDArray h = cat(tr.h());
        NDArray invH = Tensors.stabilisedInverse(h, eps);
        NDArray nPre = cat(tr.nPre());
        NDArray invN = Tensors.stabilisedInverse(nPre, eps);
        NDArray r = cat(tr.r());
        NDArray[] rSteps = steps(r);
        NDArray[] toZh = steps(cat(tr.zh()).mul(invH));
        NDArray nOverH = cat(tr.nTerm()).mul(invH);
        NDArray[] hPrev = steps(cat(tr.hPrev()));
        NDArray[] toQ = null;
        NDArray[] toQr = null;
        NDArray[] toN = null;
        NDArray[] invNs = null;
        NDArray[] kh = null;
        NDArray[] kn = null;
        if (bf == 0) {
            NDArray toQAll = nOverH.mul(invN);
            toQ = steps(toQAll);
            toQr = steps(toQAll.mul(r));
        } else {
            toN = steps(nOverH);
            invNs = steps(invN);
            kh = steps(Tensors.stabiliser(h, eps).mul(invH).mul(bf / (2.0 * hidden)));
            NDArray bias = r.mul(tr.bHn()).add(tr.bIn()); // [B,T,H]: r held constant
            kn = steps(Tensors.stabiliser(nPre, eps).add(bias).mul(bf / (double) (in + hidden))); // times q
        }
        NDArray[] rOutSteps = steps(rOut);
        boolean[] zero = zeroSteps(rOut);
        NDArray wHn = tr.wHn();
        NDArray rh = tr.h()[0].zerosLike();
        NDArray[] q = new NDArray[steps];
        NDArray[] shareN = bf == 0 ? null : new NDArray[steps];
        for (int s = steps - 1; s >= 0; s--) {
            int t = tr.reverse() ? steps - 1 - s : s;
            try (NDScope scope = new NDScope()) { // temporaries freed at once, as in the LSTM
                scope.suppressNotUsedWarning();
                if (!zero[t]) {
                    rh = rh.add(rOutSteps[t]);
                }
                NDArray rZh;
                NDArray qr;
                if (bf == 0) {
                    rZh = toZh[t].mul(rh);
                    q[t] = toQ[t].mul(rh);
                    qr = toQr[t].mul(rh);
                } else {
                    NDArray shareH = kh[t].mul(rh).sum(new int[] {2}, true);
                    rZh = toZh[t].mul(rh).add(shareH);
                    q[t] = toN[t].mul(rh).add(shareH).mul(invNs[t]);
                    shareN[t] = kn[t].mul(q[t]).sum(new int[] {2}, true);
                    qr = q[t].mul(rSteps[t]);
                }
                NDArray rHPrev = hPrev[t].mul(qr.matMul(wHn));
                if (shareN != null) {
                    rHPrev = rHPrev.add(shareN[t]);
                }
                rh = pad.hold(t, rZh.add(rHPrev), rh);
                NDScope.unregister(q[t], rh);
                if (shareN != null) {
                    NDScope.unregister(shareN[t]);
                }
            }
            register(q[t], rh, shareN == null ? null : shareN[t]);
        }
        NDArray rx = step.input().mul(cat(q).matMul(tr.wIn()));
        if (shareN != null) {
            rx = rx.add(cat(shareN));
        }
        return new Result(pad.zeroPadding(rx), rh.sum(new int[] {1, 2}));
    }

    /**
     * Frees the layer's per-time-step states once relevance has passed below it (never the weights' blocks the
     * traces share with the model): for a long text they are most of the trace.
     */
    static void release(RecurrentStep step) {
        for (DirectionTrace d : step.directions()) {
            List<NDArray[]> states = d instanceof DirectionTrace.Lstm l
                    ? List.of(l.hPrev(), l.fc(), l.ig(), l.c(), l.gPre())
                    : List.of(((DirectionTrace.Gru) d).hPrev(), ((DirectionTrace.Gru) d).r(),
                            ((DirectionTrace.Gru) d).zh(), ((DirectionTrace.Gru) d).nTerm(),
                            ((DirectionTrace.Gru) d).h(), ((DirectionTrace.Gru) d).nPre());
            for (NDArray[] arrays : states) {
                for (NDArray a : arrays) {
                    a.close();
                }
            }
        }
    }

    /** Hands arrays that outlive a step's scope to the enclosing scope (nulls skipped). */
    private static void register(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a != null) {
                NDScope.register(a);
            }
        }
    }

    /** Steps {@code [B,1,X]} joined into {@code [B,T,X]}. */
    private static NDArray cat(NDArray[] steps) {
        return steps.length == 1 ? steps[0] : NDArrays.concat(new NDList(steps), 1);
    }

    private static NDArray[] steps(NDArray a) {
        return RecurrentLayer.steps(a, (int) a.getShape().get(1));
    }

    /** Steps at which no relevance arrives from above (e.g. all but the last for final pooling). */
    private static boolean[] zeroSteps(NDArray rOut) {
        double[] total = rOut.abs().sum(new int[] {0, 2}).toType(DataType.FLOAT64, false).toDoubleArray();
        boolean[] zero = new boolean[total.length];
        for (int t = 0; t < total.length; t++) {
            zero[t] = total[t] == 0;
        }
        return zero;
    }
}
