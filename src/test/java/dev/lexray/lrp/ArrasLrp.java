package dev.lexray.lrp;

import dev.lexray.model.Tensor;
import dev.lexray.testing.RandomModels;
import java.util.Map;

/**
 * An independent, plain-Java (double[], no NDArray, nothing from the production code but the {@link Tensor} that
 * carries the weights) port of Arras et al.'s published LRP_for_LSTM code (github.com/ArrasL/LRP_for_LSTM,
 * {@code code/LSTM/LRP_linear_layer.py} and {@code LSTM_bidi.py}), for one-layer uni- or bidirectional LSTMs with
 * final-state pooling and a linear classifier over {@code [h_fwd_last, h_bwd_first]}, and the same recipe carried
 * over to the GRU. Weights are in torch's layout and gate order (LSTM i,f,g,o; GRU r,z,n).
 */
final class ArrasLrp {
    /** Relevance of every token, what the initial states absorbed, and the logits of the forward pass. */
    record Result(double[] tokens, double initialState, double[] logits) {}

    private ArrasLrp() {}

    /**
     * Arras's {@code lrp_linear}: {@code hin [D]}, {@code w [D][M]}, {@code b [M]}, {@code hout [M]} (the forward
     * output, bias included), {@code rout [M]}; {@code biasNbUnits} is N, the number of lower-layer units over which
     * the bias and stabiliser share is spread when {@code biasFactor} is 1.
     *
     * <pre>
     * sign_out = where(hout >= 0, 1, -1)
     * numer    = w * hin[:, na] + bias_factor * (b + eps * sign_out) / bias_nb_units
     * denom    = hout + eps * sign_out
     * Rin      = (numer / denom * Rout).sum(axis=1)
     * </pre>
     */
    static double[] lrpLinear(double[] hin, double[][] w, double[] b, double[] hout, double[] rout, int biasNbUnits,
            double eps, double biasFactor) {
        int d = hin.length;
        int m = hout.length;
        double[] rin = new double[d];
        for (int k = 0; k < m; k++) {
            double sign = hout[k] >= 0 ? 1.0 : -1.0;
            double denom = hout[k] + eps * sign;
            for (int j = 0; j < d; j++) {
                double numer = w[j][k] * hin[j] + biasFactor * (b[k] + eps * sign) / biasNbUnits;
                rin[j] += numer / denom * rout[k];
            }
        }
        return rin;
    }

    /** One direction of a recurrent layer, torch layout: {@code wIh [G*H][E]}, {@code wHh [G*H][H]}. */
    record Direction(double[][] wIh, double[][] wHh, double[] bIh, double[] bHh) {
        static Direction of(Map<String, Tensor> tensors, String cell, int layer, boolean reverse) {
            String s = "_l" + layer + (reverse ? "_reverse" : "");
            return new Direction(RandomModels.matrix(tensors.get(cell + ".weight_ih" + s)),
                    RandomModels.matrix(tensors.get(cell + ".weight_hh" + s)),
                    RandomModels.doubles(tensors.get(cell + ".bias_ih" + s)),
                    RandomModels.doubles(tensors.get(cell + ".bias_hh" + s)));
        }

        int hidden() {
            return wHh[0].length;
        }
    }

    /**
     * A forward and backward pass for one direction: {@code forward} computes the states, {@code backward} walks the
     * relevance of its last state back to its inputs and initial state.
     */
    private interface Pass {
        double[] lastState();

        /** Relevance of every input (processing order) into {@code rx}; returns the initial state's total. */
        double backward(double[] rhLast, double[][] rx, double eps, double bf);
    }

    /** Arras's {@code LSTM_bidi.forward}/{@code lrp} for one direction; {@code x} in processing order. */
    private static final class LstmPass implements Pass {
        final Direction p;
        final double[][] x;
        final int t;
        final int h;
        final double[][] gatesPre;
        final double[][] gates;
        final double[][] hs; // hs[t+1] = h_t, hs[0] = initial
        final double[][] cs;

        LstmPass(Direction p, double[][] x) {
            this.p = p;
            this.x = x;
            this.t = x.length;
            this.h = p.hidden();
            gatesPre = new double[t][4 * h];
            gates = new double[t][4 * h];
            hs = new double[t + 1][h];
            cs = new double[t + 1][h];
            for (int s = 0; s < t; s++) {
                for (int k = 0; k < 4 * h; k++) {
                    double z = p.bIh[k] + p.bHh[k];
                    for (int j = 0; j < x[s].length; j++) {
                        z += p.wIh[k][j] * x[s][j];
                    }
                    for (int j = 0; j < h; j++) {
                        z += p.wHh[k][j] * hs[s][j];
                    }
                    gatesPre[s][k] = z;
                    boolean g = k >= 2 * h && k < 3 * h; // torch order i, f, g, o
                    gates[s][k] = g ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
                }
                for (int j = 0; j < h; j++) {
                    cs[s + 1][j] = gates[s][h + j] * cs[s][j] + gates[s][j] * gates[s][2 * h + j];
                    hs[s + 1][j] = gates[s][3 * h + j] * Math.tanh(cs[s + 1][j]);
                }
            }
        }

        @Override
        public double[] lastState() {
            return hs[t];
        }

        @Override
        public double backward(double[] rhLast, double[][] rx, double eps, double bf) {
            int e = x[0].length;
            double[][] identity = identity(h);
            double[] zeros = new double[h];
            double[][] wIgT = new double[e][h]; // Wxh[idx_g].T
            double[][] wHgT = new double[h][h]; // Whh[idx_g].T
            double[] bG = new double[h];
            double[] gPre = new double[h];
            for (int k = 0; k < h; k++) {
                for (int j = 0; j < e; j++) {
                    wIgT[j][k] = p.wIh[2 * h + k][j];
                }
                for (int j = 0; j < h; j++) {
                    wHgT[j][k] = p.wHh[2 * h + k][j];
                }
                bG[k] = p.bIh[2 * h + k] + p.bHh[2 * h + k];
            }
            double[][] rh = new double[t + 1][];
            double[][] rc = new double[t + 1][];
            rh[t] = rhLast.clone();
            rc[t] = new double[h];
            for (int s = t - 1; s >= 0; s--) {
                // Rc[t] += Rh[t]
                for (int j = 0; j < h; j++) {
                    rc[s + 1][j] += rh[s + 1][j];
                }
                double[] fc = new double[h];
                double[] ig = new double[h];
                for (int j = 0; j < h; j++) {
                    fc[j] = gates[s][h + j] * cs[s][j];
                    ig[j] = gates[s][j] * gates[s][2 * h + j];
                    gPre[j] = gatesPre[s][2 * h + j];
                }
                // Rc[t-1] = lrp_linear(f*c[t-1], I, 0, c[t], Rc[t], 2d); Rg = lrp_linear(i*g, I, 0, c[t], Rc[t], 2d)
                rc[s] = lrpLinear(fc, identity, zeros, cs[s + 1], rc[s + 1], 2 * h, eps, bf);
                double[] rg = lrpLinear(ig, identity, zeros, cs[s + 1], rc[s + 1], 2 * h, eps, bf);
                // Rx[t] and Rh[t-1] from g's pre-activation, N = d + e
                rx[s] = lrpLinear(x[s], wIgT, bG, gPre, rg, h + e, eps, bf);
                rh[s] = lrpLinear(hs[s], wHgT, bG, gPre, rg, h + e, eps, bf);
            }
            return sum(rh[0]) + sum(rc[0]);
        }
    }

    /**
     * The GRU after the same recipe: gates r and z get nothing; {@code h_t = (1-z)*n + z*h_{t-1}} is split by the
     * epsilon rule over its 2H inputs; n's pre-activation {@code W_in x + b_in + r*(W_hn h + b_hn)} is split between
     * {@code x_t} and {@code h_{t-1}} with r held constant, bias {@code b_in + r*b_hn}, N = E + H.
     */
    private static final class GruPass implements Pass {
        final Direction p;
        final double[][] x;
        final int t;
        final int h;
        final double[][] r;
        final double[][] z;
        final double[][] n;
        final double[][] nPre;
        final double[][] hs; // hs[t+1] = h_t

        GruPass(Direction p, double[][] x) {
            this.p = p;
            this.x = x;
            this.t = x.length;
            this.h = p.hidden();
            r = new double[t][h];
            z = new double[t][h];
            n = new double[t][h];
            nPre = new double[t][h];
            hs = new double[t + 1][h];
            for (int s = 0; s < t; s++) {
                double[] gi = new double[3 * h];
                double[] gh = new double[3 * h];
                for (int k = 0; k < 3 * h; k++) {
                    gi[k] = p.bIh[k];
                    for (int j = 0; j < x[s].length; j++) {
                        gi[k] += p.wIh[k][j] * x[s][j];
                    }
                    gh[k] = p.bHh[k];
                    for (int j = 0; j < h; j++) {
                        gh[k] += p.wHh[k][j] * hs[s][j];
                    }
                }
                for (int j = 0; j < h; j++) {
                    r[s][j] = 1 / (1 + Math.exp(-(gi[j] + gh[j])));
                    z[s][j] = 1 / (1 + Math.exp(-(gi[h + j] + gh[h + j])));
                    nPre[s][j] = gi[2 * h + j] + r[s][j] * gh[2 * h + j];
                    n[s][j] = Math.tanh(nPre[s][j]);
                    hs[s + 1][j] = (1 - z[s][j]) * n[s][j] + z[s][j] * hs[s][j];
                }
            }
        }

        @Override
        public double[] lastState() {
            return hs[t];
        }

        @Override
        public double backward(double[] rhLast, double[][] rx, double eps, double bf) {
            int e = x[0].length;
            double[][] identity = identity(h);
            double[] zeros = new double[h];
            double[] rh = rhLast.clone();
            for (int s = t - 1; s >= 0; s--) {
                double[] nTerm = new double[h];
                double[] zh = new double[h];
                for (int j = 0; j < h; j++) {
                    nTerm[j] = (1 - z[s][j]) * n[s][j];
                    zh[j] = z[s][j] * hs[s][j];
                }
                // h_t = (1-z)*n + z*h_{t-1}: identity weights from 2H inputs
                double[] rn = lrpLinear(nTerm, identity, zeros, hs[s + 1], rh, 2 * h, eps, bf);
                double[] rhDirect = lrpLinear(zh, identity, zeros, hs[s + 1], rh, 2 * h, eps, bf);
                // n's pre-activation: x part W_in^T, h part (r * W_hn)^T, bias b_in + r*b_hn, N = E + H
                double[][] wInT = new double[e][h];
                double[][] wHnT = new double[h][h];
                double[] bias = new double[h];
                for (int k = 0; k < h; k++) {
                    for (int j = 0; j < e; j++) {
                        wInT[j][k] = p.wIh[2 * h + k][j];
                    }
                    for (int j = 0; j < h; j++) {
                        wHnT[j][k] = r[s][k] * p.wHh[2 * h + k][j];
                    }
                    bias[k] = p.bIh[2 * h + k] + r[s][k] * p.bHh[2 * h + k];
                }
                rx[s] = lrpLinear(x[s], wInT, bias, nPre[s], rn, e + h, eps, bf);
                double[] rhFromN = lrpLinear(hs[s], wHnT, bias, nPre[s], rn, e + h, eps, bf);
                rh = new double[h];
                for (int j = 0; j < h; j++) {
                    rh[j] = rhDirect[j] + rhFromN[j];
                }
            }
            return sum(rh);
        }
    }

    /**
     * Explains {@code score[target]} for the token embeddings {@code x [T][E]}: {@code Rout = score * onehot}, one
     * lrp_linear over the concatenated final states with N = (number of directions) * H, then each direction walked
     * back.
     *
     * @param cell "lstm" or "gru"
     * @param directions one (forward only) or two (forward and backward)
     * @param wOut {@code classifier.weight [C][D*H]}
     */
    static Result explain(String cell, Direction[] directions, double[][] wOut, double[] bOut, double[][] x,
            int target, double eps, double bf) {
        int t = x.length;
        double[][] reversed = new double[t][];
        for (int s = 0; s < t; s++) {
            reversed[s] = x[t - 1 - s];
        }
        Pass[] passes = new Pass[directions.length];
        for (int d = 0; d < directions.length; d++) {
            double[][] in = d == 0 ? x : reversed;
            passes[d] = cell.equals("lstm") ? new LstmPass(directions[d], in) : new GruPass(directions[d], in);
        }
        int h = directions[0].hidden();
        double[] hin = new double[directions.length * h];
        for (int d = 0; d < directions.length; d++) {
            System.arraycopy(passes[d].lastState(), 0, hin, d * h, h);
        }
        int c = wOut.length;
        double[] s = new double[c];
        double[][] wT = new double[hin.length][c];
        for (int k = 0; k < c; k++) {
            s[k] = bOut[k];
            for (int j = 0; j < hin.length; j++) {
                s[k] += wOut[k][j] * hin[j];
                wT[j][k] = wOut[k][j];
            }
        }
        double[] rOut = new double[c];
        rOut[target] = s[target]; // s * one-hot
        double[] rFinal = lrpLinear(hin, wT, bOut, s, rOut, hin.length, eps, bf);
        double[] tokens = new double[t];
        double initial = 0;
        for (int d = 0; d < directions.length; d++) {
            double[] rh = new double[h];
            System.arraycopy(rFinal, d * h, rh, 0, h);
            double[][] rx = new double[t][];
            initial += passes[d].backward(rh, rx, eps, bf);
            for (int step = 0; step < t; step++) {
                tokens[d == 0 ? step : t - 1 - step] += sum(rx[step]);
            }
        }
        return new Result(tokens, initial, s);
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
