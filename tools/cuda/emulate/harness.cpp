// Checks seqlab's kernels, run on the CPU through shim.h, against plain loops that follow
// backend/cpu (CpuBackend, CellKernels.Scalar, Losses). Prints one line per check and "ALL PASS" at the end.
#include "shim.h"
#include "../../../src/main/cuda/elementwise.cu"
#include "../../../src/main/cuda/reduce.cu"
#include "../../../src/main/cuda/gemm.cu"
#include "../../../src/main/cuda/cells.cu"
#include "../../../src/main/cuda/embed.cu"
#include "../../../src/main/cuda/losses.cu"
#include "../../../src/main/cuda/optim.cu"

#include <cstdio>
#include <random>
#include <string>

static std::mt19937 rng(7);
static int failures = 0;

static std::vector<float> rnd(size_t n, float scale = 1) {
    std::uniform_real_distribution<float> u(-scale, scale);
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

static void check(const std::string& what, const std::vector<float>& want, const std::vector<float>& got, double tol = 2e-5) {
    double maxAbs = 0;
    for (float w : want) maxAbs = std::max(maxAbs, (double) std::fabs(w));
    for (size_t i = 0; i < want.size(); i++) {
        if (!(std::fabs(want[i] - got[i]) <= tol * std::max(1.0, maxAbs))) {
            std::printf("FAIL %s: element %zu is %g, want %g\n", what.c_str(), i, got[i], want[i]);
            failures++;
            return;
        }
    }
    std::printf("ok   %s\n", what.c_str());
}

static void checkScalar(const std::string& what, double want, double got, double tol = 1e-9) {
    bool ok = std::fabs(want - got) <= tol * std::max(1.0, std::fabs(want));
    std::printf("%s %s: %.12g vs %.12g\n", ok ? "ok  " : "FAIL", what.c_str(), got, want);
    if (!ok) failures++;
}

static unsigned blocks(long n) { return (unsigned) ((n + 255) / 256); }

static void testGemm() {
    int sizes[][3] = {{1, 1, 1}, {4, 16, 8}, {7, 37, 13}, {33, 70, 65}, {65, 3, 17}, {3, 5, 0}};
    for (auto& s : sizes) {
        int m = s[0], n = s[1], k = s[2];
        for (int form = 0; form < 4; form++) {
            bool ta = form & 1, tb = form & 2;
            for (float beta : {0.0f, 1.0f, 0.5f}) {
                auto a = rnd((size_t) m * k), b = rnd((size_t) k * n), c = rnd((size_t) m * n);
                if (beta == 0 && !c.empty()) c[0] = NAN;  // beta = 0 must overwrite even NaN
                std::vector<float> want(c.size());
                int lda = ta ? m : k, ldb = tb ? k : n;
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++) {
                        double acc = 0;
                        for (int p = 0; p < k; p++)
                            acc += (double) (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                        want[i * n + j] = (float) (0.75 * acc + (beta == 0 ? 0 : beta * c[i * n + j]));
                    }
                launch(gemm_f32, dim3{(unsigned) (n + 63) / 64, (unsigned) (m + 63) / 64}, dim3{256}, m, n, k, 0.75f,
                       (const float*) a.data(), lda, (int) ta, (const float*) b.data(), ldb, (int) tb, beta, c.data(), n);
                check("gemm " + std::to_string(m) + "x" + std::to_string(n) + "x" + std::to_string(k) + " ta=" + std::to_string(ta)
                      + " tb=" + std::to_string(tb) + " beta=" + std::to_string(beta), want, c);
            }
        }
    }
}

static void testLayout() {
    int m = 37, n = 45;
    auto a = rnd(m * n);
    std::vector<float> t(m * n), want(m * n);
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) want[j * m + i] = a[i * n + j];
    launch(transpose_f32, dim3{(unsigned) (n + 31) / 32, (unsigned) (m + 31) / 32}, dim3{32, 8}, (const float*) a.data(), t.data(), m, n);
    check("transpose 37x45", want, t);

    auto out = rnd(n), want2 = out;
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) want2[j] += a[i * n + j];
    launch(sum_rows_f32, dim3{(unsigned) (n + 31) / 32}, dim3{32, 8}, (const float*) a.data(), out.data(), m, n, 1);
    check("sumRows accumulate", want2, out, 1e-5);

    int na = 3, nb = 5, rows = 4;
    auto x = rnd(rows * na), y = rnd(rows * nb);
    std::vector<float> cat(rows * (na + nb)), wantCat;
    for (int r = 0; r < rows; r++) {
        for (int j = 0; j < na; j++) wantCat.push_back(x[r * na + j]);
        for (int j = 0; j < nb; j++) wantCat.push_back(y[r * nb + j]);
    }
    launch(concat_cols_f32, dim3{blocks(cat.size())}, dim3{256}, (const float*) x.data(), (const float*) y.data(), cat.data(), rows, na, nb);
    check("concatCols", wantCat, cat);
    auto x2 = x, y2 = y, wantX = x, wantY = y;
    for (int r = 0; r < rows; r++) {
        for (int j = 0; j < na; j++) wantX[r * na + j] += cat[r * (na + nb) + j];
        for (int j = 0; j < nb; j++) wantY[r * nb + j] += cat[r * (na + nb) + na + j];
    }
    launch(split_cols_f32, dim3{blocks(cat.size())}, dim3{256}, (const float*) cat.data(), x2.data(), y2.data(), rows, na, nb, 1);
    check("splitCols a", wantX, x2);
    check("splitCols b", wantY, y2);

    auto bias = rnd(n), z = a, wantZ = a;
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) wantZ[i * n + j] += bias[j];
    launch(add_row_vector_f32, dim3{blocks(z.size())}, dim3{256}, z.data(), (const float*) bias.data(), m, n);
    check("addRowVector", wantZ, z);
}

static void testReduce() {
    for (int grid : {1, 3, 20}) {
        auto x = rnd(5003);
        double s = 0, q = 0;
        for (float v : x) { s += v; q += (double) v * v; }
        std::vector<double> partials(grid), out(1);
        launch(reduce_partials_f32, dim3{(unsigned) grid}, dim3{256}, (const float*) x.data(), (int) x.size(), 0, partials.data());
        launch(reduce_sum_f64, dim3{1}, dim3{256}, (const double*) partials.data(), grid, out.data());
        checkScalar("sum over " + std::to_string(grid) + " blocks", s, out[0]);
        launch(reduce_partials_f32, dim3{(unsigned) grid}, dim3{256}, (const float*) x.data(), (int) x.size(), 1, partials.data());
        launch(reduce_sum_f64, dim3{1}, dim3{256}, (const double*) partials.data(), grid, out.data());
        checkScalar("sum of squares over " + std::to_string(grid) + " blocks", q, out[0]);
    }
}

static float sig(float x) { return (float) (1 / (1 + std::exp(-(double) x))); }

static void testCells() {
    int b = 5, h = 21;
    auto g = rnd(b * 4 * h, 3), cp = rnd(b * h);
    std::vector<float> c(b * h), hh(b * h), wg = g, wc(b * h), wh(b * h);
    for (int r = 0; r < b; r++)
        for (int j = 0; j < h; j++) {
            float* gr = &wg[r * 4 * h];
            float i = sig(gr[j]), f = sig(gr[h + j]), gg = std::tanh(gr[2 * h + j]), o = sig(gr[3 * h + j]);
            gr[j] = i; gr[h + j] = f; gr[2 * h + j] = gg; gr[3 * h + j] = o;
            wc[r * h + j] = f * cp[r * h + j] + i * gg;
            wh[r * h + j] = o * std::tanh(wc[r * h + j]);
        }
    launch(lstm_forward, dim3{blocks(b * h)}, dim3{256}, g.data(), (const float*) cp.data(), c.data(), hh.data(), b, h);
    check("lstm gates", wg, g); check("lstm c", wc, c); check("lstm h", wh, hh);
    auto dh = rnd(b * h), dc = rnd(b * h);
    std::vector<float> dg(b * 4 * h), wdg(b * 4 * h), wdc = dc;
    for (int r = 0; r < b; r++)
        for (int j = 0; j < h; j++) {
            int k = r * h + j;
            float* gr = &g[r * 4 * h];
            float i = gr[j], f = gr[h + j], gg = gr[2 * h + j], o = gr[3 * h + j];
            float tc = std::tanh(c[k]), d = dh[k], dct = dc[k] + d * o * (1 - tc * tc);
            wdg[r * 4 * h + j] = dct * gg * i * (1 - i);
            wdg[r * 4 * h + h + j] = dct * cp[k] * f * (1 - f);
            wdg[r * 4 * h + 2 * h + j] = dct * i * (1 - gg * gg);
            wdg[r * 4 * h + 3 * h + j] = d * tc * o * (1 - o);
            wdc[k] = dct * f;
        }
    launch(lstm_backward, dim3{blocks(b * h)}, dim3{256}, (const float*) g.data(), (const float*) cp.data(), (const float*) c.data(),
           (const float*) dh.data(), dc.data(), dg.data(), b, h);
    check("lstm dGates", wdg, dg); check("lstm dcPrev", wdc, dc);

    int hb = 6, hd = 19;
    auto xg = rnd(hb * 3 * hd, 3), hg = rnd(hb * 3 * hd, 2), hp = rnd(hb * hd);
    std::vector<float> out(hb * hd), wxg = xg, wout(hb * hd);
    for (int r = 0; r < hb; r++)
        for (int j = 0; j < hd; j++) {
            float* x = &wxg[r * 3 * hd];
            const float* y = &hg[r * 3 * hd];
            float rr = sig(x[j] + y[j]), z = sig(x[hd + j] + y[hd + j]), nn = std::tanh(x[2 * hd + j] + rr * y[2 * hd + j]);
            x[j] = rr; x[hd + j] = z; x[2 * hd + j] = nn;
            wout[r * hd + j] = (1 - z) * nn + z * hp[r * hd + j];
        }
    launch(gru_forward, dim3{blocks(hb * hd)}, dim3{256}, xg.data(), (const float*) hg.data(), (const float*) hp.data(), out.data(), hb, hd);
    check("gru gates", wxg, xg); check("gru h", wout, out);
    auto d = rnd(hb * hd);
    std::vector<float> dxg(hb * 3 * hd), dhg(hb * 3 * hd), dhp(hb * hd), wdxg(dxg.size()), wdhg(dhg.size()), wdhp(dhp.size());
    for (int r = 0; r < hb; r++)
        for (int j = 0; j < hd; j++) {
            int k = r * hd + j, base = r * 3 * hd;
            float rr = xg[base + j], z = xg[base + hd + j], nn = xg[base + 2 * hd + j], dd = d[k];
            float dnp = dd * (1 - z) * (1 - nn * nn), dzp = dd * (hp[k] - nn) * z * (1 - z), drp = dnp * hg[base + 2 * hd + j] * rr * (1 - rr);
            wdxg[base + j] = drp; wdxg[base + hd + j] = dzp; wdxg[base + 2 * hd + j] = dnp;
            wdhg[base + j] = drp; wdhg[base + hd + j] = dzp; wdhg[base + 2 * hd + j] = dnp * rr;
            wdhp[k] = dd * z;
        }
    launch(gru_backward, dim3{blocks(hb * hd)}, dim3{256}, (const float*) xg.data(), (const float*) hg.data(), (const float*) hp.data(),
           (const float*) d.data(), dxg.data(), dhg.data(), dhp.data(), hb, hd);
    check("gru dxg", wdxg, dxg); check("gru dhg", wdhg, dhg); check("gru dhPrev", wdhp, dhp);
}

static void testEmbed() {
    int ids[] = {0, 3, -1, 3, 9};  // the host has checked them against the table
    int rows = 5, n = 7, vocab = 10;
    auto table = rnd(vocab * n), dOut = rnd(rows * n);
    std::vector<float> out(rows * n), want(rows * n), dt(vocab * n), wantDt(vocab * n), oh(rows * vocab), wantOh(rows * vocab);
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < n; j++) {
            want[r * n + j] = ids[r] < 0 ? 0 : table[ids[r] * n + j];
            if (ids[r] >= 0) wantDt[ids[r] * n + j] += dOut[r * n + j];
        }
    for (int r = 0; r < rows; r++) if (ids[r] >= 0) wantOh[r * vocab + ids[r]] = 1;
    launch(gather_f32, dim3{blocks(rows * n)}, dim3{256}, (const float*) table.data(), (const int*) ids, out.data(), rows, n);
    launch(scatter_add_f32, dim3{blocks(rows * n)}, dim3{256}, (const float*) dOut.data(), (const int*) ids, dt.data(), rows, n);
    launch(one_hot_f32, dim3{blocks(rows * vocab)}, dim3{256}, (const int*) ids, oh.data(), rows, vocab);
    check("gather", want, out); check("scatterAdd", wantDt, dt); check("oneHot", wantOh, oh);
}

static void testLosses() {
    int rows = 7, v = 300;  // v > 256: rows are spread over the block's threads more than once
    int targets[] = {1, 4, -100, 0, 299, 2, 2};
    float gs = 1.0f / 6;
    auto x = rnd(rows * v, 5);
    std::vector<float> p(rows * v), d(rows * v), wp(rows * v), wd(rows * v);
    std::vector<double> rowLoss(rows);
    double loss = 0;
    for (int r = 0; r < rows; r++) {
        float mx = -INFINITY;
        for (int j = 0; j < v; j++) mx = std::max(mx, x[r * v + j]);
        double s = 0;
        for (int j = 0; j < v; j++) { float e = (float) std::exp((double) (x[r * v + j] - mx)); wp[r * v + j] = e; s += e; }
        float inv = (float) (1 / s);
        for (int j = 0; j < v; j++) wp[r * v + j] *= inv;
        bool ignored = targets[r] == -100;
        if (!ignored) loss += -((double) (x[r * v + targets[r]] - mx) - std::log(s));
        for (int j = 0; j < v; j++) wd[r * v + j] = ignored ? 0 : gs * wp[r * v + j] - (j == targets[r] ? gs : 0);
    }
    launch(softmax_xent_f32, dim3{(unsigned) rows}, dim3{256}, (const float*) x.data(), (const int*) targets, -100, gs, p.data(), d.data(),
           rowLoss.data(), rows, v);
    std::vector<double> total(1);
    launch(reduce_sum_f64, dim3{1}, dim3{256}, (const double*) rowLoss.data(), rows, total.data());
    check("softmax", wp, p); check("cross-entropy gradient", wd, d); checkScalar("cross-entropy loss", loss, total[0], 1e-6);

    int n = 300;
    int lr = 6;
    auto lx = rnd(lr * n, 3), gamma = rnd(n), beta = rnd(n);
    std::vector<float> y(lr * n), mean(lr), rstd(lr), wy(lr * n), wm(lr), wr(lr);
    for (int r = 0; r < lr; r++) {
        double s = 0;
        for (int j = 0; j < n; j++) s += lx[r * n + j];
        float mu = (float) (s / n);
        double var = 0;
        for (int j = 0; j < n; j++) { double dv = lx[r * n + j] - mu; var += dv * dv; }
        float rs = (float) (1 / std::sqrt(var / n + 1e-5));
        wm[r] = mu; wr[r] = rs;
        for (int j = 0; j < n; j++) wy[r * n + j] = (lx[r * n + j] - mu) * rs * gamma[j] + beta[j];
    }
    launch(layernorm_f32, dim3{(unsigned) lr}, dim3{256}, (const float*) lx.data(), (const float*) gamma.data(), (const float*) beta.data(),
           1e-5f, y.data(), mean.data(), rstd.data(), lr, n);
    check("layernorm", wy, y); check("layernorm mean", wm, mean); check("layernorm rstd", wr, rstd);
    auto dy = rnd(lr * n), dg = rnd(n), db = rnd(n);
    std::vector<float> dx(lr * n), wdx(lr * n), wdg = dg, wdb = db;
    for (int r = 0; r < lr; r++) {
        float mu = wm[r], rs = wr[r];
        double sumDh = 0, sumDhX = 0;
        for (int j = 0; j < n; j++) {
            float xh = (lx[r * n + j] - mu) * rs, dd = dy[r * n + j];
            wdg[j] += dd * xh; wdb[j] += dd;
            float dh = dd * gamma[j];
            sumDh += dh; sumDhX += dh * xh;
        }
        float m1 = (float) (sumDh / n), m2 = (float) (sumDhX / n);
        for (int j = 0; j < n; j++) {
            float xh = (lx[r * n + j] - mu) * rs, dh = dy[r * n + j] * gamma[j];
            wdx[r * n + j] = rs * (dh - m1 - xh * m2);
        }
    }
    launch(layernorm_backward_dx_f32, dim3{(unsigned) lr}, dim3{256}, (const float*) dy.data(), (const float*) lx.data(),
           (const float*) gamma.data(), (const float*) mean.data(), (const float*) rstd.data(), dx.data(), lr, n);
    launch(layernorm_backward_params_f32, dim3{blocks(n)}, dim3{256}, (const float*) dy.data(), (const float*) lx.data(),
           (const float*) mean.data(), (const float*) rstd.data(), dg.data(), db.data(), lr, n);
    check("layernorm dx", wdx, dx, 1e-4); check("layernorm dgamma", wdg, dg); check("layernorm dbeta", wdb, db);

    auto a = rnd(1000), b = rnd(1000);
    std::vector<float> dm(1000), wdm(1000);
    std::vector<double> partials(4), out(1);
    double mse = 0;
    for (int i = 0; i < 1000; i++) { float diff = a[i] - b[i]; mse += (double) diff * diff; wdm[i] = 0.5f * 2.0f * diff; }
    launch(mse_f32, dim3{4}, dim3{256}, (const float*) a.data(), (const float*) b.data(), 0.5f, dm.data(), 1000, partials.data());
    launch(reduce_sum_f64, dim3{1}, dim3{256}, (const double*) partials.data(), 4, out.data());
    checkScalar("mse", mse, out[0]); check("mse gradient", wdm, dm);
}

static bool kept(long long seed, int i, float p) {
    std::vector<float> mask(i + 1);
    launch(dropout_mask_f32, dim3{blocks(i + 1)}, dim3{256}, mask.data(), i + 1, p, 1.0f / (1 - p), (unsigned long long) seed);
    return mask[i] != 0;
}

// Expected values printed by backend/DropoutHash.uniform in Java: the masks must be the CPU's, bit for bit.
static void testDropout() {
    std::vector<float> mask(64);
    launch(dropout_mask_f32, dim3{1}, dim3{256}, mask.data(), 64, 0.25f, 1.0f / 0.75f, (unsigned long long) 99);
    std::string bits;
    for (float m : mask) bits += m != 0 ? '1' : '0';
    bool ok = bits == "1111101101101111111111101101111010111110111011100111111111111111";
    std::printf("%s dropout mask, seed 99, p 0.25: %s\n", ok ? "ok  " : "FAIL", bits.c_str());
    failures += !ok;
    struct { long long seed; int i; float u; } exact[] = {{99, 1000, 0.41125464f}, {-5, 7, 0.8525383f}};
    for (auto& e : exact) {
        bool same = kept(e.seed, e.i, e.u) && !kept(e.seed, e.i, std::nextafter(e.u, 1.0f));
        std::printf("%s uniform(%lld, %d) == %.8g exactly\n", same ? "ok  " : "FAIL", e.seed, e.i, e.u);
        failures += !same;
    }
}

int main() {
    testGemm();
    testLayout();
    testReduce();
    testCells();
    testEmbed();
    testLosses();
    testDropout();
    std::printf(failures == 0 ? "ALL PASS\n" : "%d FAILURES\n", failures);
    return failures == 0 ? 0 : 1;
}
