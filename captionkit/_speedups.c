/*
 * captionkit._speedups: the two dynamic programmes of the segmenters, compiled.
 *
 * Each function here is a line-by-line transcription of a pure-Python function that stays
 * in the package and is used when this module is not built (a machine without a C
 * compiler): captionkit.segment.broadcast._Segmenter.run (with its line layout,
 * captionkit.segment.layout.LineBreaker, its timing prediction,
 * captionkit.segment.timing.cue_timing_cost, and the costs of captionkit.segment.costs.C_COSTS)
 * and captionkit.segment.api's capped split (api_break_probabilities and _agreeing_groups).
 * The tests run both on the same inputs
 * and require identical results, so the Python code is the specification; every float
 * expression is evaluated in the same order as there, and this file must be compiled
 * without -ffast-math or floating-point contraction (see setup in pyproject.toml), so
 * the results are the same to the last bit.
 *
 * Why compiled: the broadcast segmenter weighs every legal cue ending at every word
 * (about 13 per word, each with its best line break) and was 23x the JSON parse time on
 * a 200,000-word transcript in Python; benchmarks/speed.py measures both.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ input helpers */

static double *as_doubles(PyObject *seq, Py_ssize_t n, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (!fast) return NULL;
    if (PySequence_Fast_GET_SIZE(fast) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd values", name, n);
        Py_DECREF(fast);
        return NULL;
    }
    double *out = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    if (!out) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyFloat_AsDouble(items[i]);
        if (out[i] == -1.0 && PyErr_Occurred()) {
            PyMem_Free(out);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    return out;
}

static long long *as_longs(PyObject *seq, Py_ssize_t n, const char *name) {
    PyObject *fast = PySequence_Fast(seq, name);
    if (!fast) return NULL;
    if (PySequence_Fast_GET_SIZE(fast) != n) {
        PyErr_Format(PyExc_ValueError, "%s: expected %zd values", name, n);
        Py_DECREF(fast);
        return NULL;
    }
    long long *out = PyMem_Malloc(sizeof(long long) * (n ? n : 1));
    if (!out) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyLong_AsLongLong(items[i]);
        if (out[i] == -1 && PyErr_Occurred()) {
            PyMem_Free(out);
            Py_DECREF(fast);
            return NULL;
        }
    }
    Py_DECREF(fast);
    return out;
}

/* ------------------------------------------------------------------ broadcast segmenter */

/* cost constants, in the order captionkit.broadcast._C_COSTS lists them */
enum {
    K_CUE_COST, K_DUAL_CUE_COST, K_SENTENCE_INSIDE_LINE, K_BALANCE, K_TOP_HEAVY, K_ORPHAN,
    K_TOO_FAST, K_SPEED_SLOPE, K_TOO_SHORT, K_SHORT_SLOPE, K_UNCLOSED_GAP, K_OFF_SYNC, K_COUNT
};

typedef struct {
    Py_ssize_t n;
    long long *starts, *ends, *spk, *pg, *ps, *pwords, *join_g, *label_g, *turn_start;
    double *pw, *join_w, *label_w, *line_cost;
    double cpl, line_bound, dash_w, max_cps, max_wpm;
    long long dash_g, max_lines, gap, max_dur, min_dur, chain, lead_in, forced_pause;
    int has_max_dur, has_chain, dual_ok;
    double k[K_COUNT];
    /* scratch for layouts of more than two lines */
    double *memo_cost;
    long long *memo_next;
    signed char *memo_state;
    Py_ssize_t memo_width, memo_size;
} Seg;

static inline double seg_w(const Seg *s, Py_ssize_t a, Py_ssize_t b) {
    return s->pw[b] - s->pw[a] - s->join_w[b - 1];
}

static inline long long seg_g(const Seg *s, Py_ssize_t a, Py_ssize_t b) {
    return s->pg[b] - s->pg[a] - s->join_g[b - 1];
}

static inline int fits(const Seg *s, double value) { return value <= s->cpl + 1e-9; }

static double geometry(const Seg *s, const double *widths, const long long *counts, Py_ssize_t lines) {
    double mx = widths[0], mn = widths[0];
    for (Py_ssize_t i = 1; i < lines; i++) {
        if (widths[i] > mx) mx = widths[i];
        if (widths[i] < mn) mn = widths[i];
    }
    double cost = s->k[K_BALANCE] * (mx - mn) / s->cpl;
    for (Py_ssize_t i = 0; i + 1 < lines; i++)
        if (widths[i] > widths[i + 1]) cost += s->k[K_TOP_HEAVY];
    for (Py_ssize_t i = 0; i < lines; i++)
        if (counts[i] == 1 && widths[i] <= 4) cost += s->k[K_ORPHAN];
    return cost;
}

/* rest(start, left) of _Segmenter._layout_n: the cheapest breaks of words start..b-1 into
 * `left` lines; 1 when found (cost in *cost, first break in memo_next), 0 when none */
static int layout_rest(Seg *s, Py_ssize_t a, Py_ssize_t b, Py_ssize_t start, Py_ssize_t left, double *cost) {
    Py_ssize_t idx = (start - a) * s->memo_width + left;
    if (s->memo_state[idx]) {
        *cost = s->memo_cost[idx];
        return s->memo_state[idx] == 1;
    }
    double offset = start == a ? s->label_w[a] : 0.0;
    int found = 0;
    double best = 0.0;
    long long best_k = -1;
    if (left == 1) {
        if (fits(s, seg_w(s, start, b) + offset)) {
            found = 1;
            best = 0.0;
        }
    } else {
        for (Py_ssize_t k = start + 1; k < b - left + 2; k++) {
            if (!fits(s, seg_w(s, start, k) + offset)) break;
            double tail;
            if (!layout_rest(s, a, b, k, left - 1, &tail)) continue;
            double c = s->line_cost[k] + tail;
            if (!found || c < best - 1e-12) {
                found = 1;
                best = c;
                best_k = k;
            }
        }
    }
    s->memo_state[idx] = found ? 1 : 2;
    s->memo_cost[idx] = best;
    s->memo_next[idx] = best_k;
    *cost = best;
    return found;
}

/* _Segmenter.layout: 1 and (cost, breaks) when words a..b-1 can be laid out, else 0 */
static int layout(Seg *s, Py_ssize_t a, Py_ssize_t b, double *cost, long long *breaks, Py_ssize_t *nbreaks) {
    double inside = (double)(s->ps[b - 1] - s->ps[a]) * s->k[K_SENTENCE_INSIDE_LINE];
    *nbreaks = 0;
    if (fits(s, seg_w(s, a, b) + s->label_w[a]) || b - a == 1) {
        *cost = inside;
        return 1;
    }
    for (long long lines = 2; lines <= s->max_lines; lines++) {
        if (lines == 2) {
            int found = 0;
            double best = 0.0;
            long long best_k = 0;
            for (Py_ssize_t k = a + 1; k < b; k++) {
                double w1 = seg_w(s, a, k) + s->label_w[a];
                if (!fits(s, w1)) break;
                double w2 = seg_w(s, k, b);
                if (!fits(s, w2)) continue;
                double widths[2] = {w1, w2};
                long long counts[2] = {k - a, b - k};
                double c = inside + s->line_cost[k] + geometry(s, widths, counts, 2);
                if (!found || c < best - 1e-12) {
                    found = 1;
                    best = c;
                    best_k = k;
                }
            }
            if (found) {
                *cost = best;
                breaks[0] = best_k;
                *nbreaks = 1;
                return 1;
            }
            continue;
        }
        /* more than two lines: the memoised search of _layout_n */
        Py_ssize_t span = b - a + 1;
        s->memo_width = lines + 1;
        Py_ssize_t size = span * s->memo_width;
        if (size > s->memo_size) {
            double *mc = PyMem_Realloc(s->memo_cost, sizeof(double) * size);
            if (mc) s->memo_cost = mc;
            long long *mn = PyMem_Realloc(s->memo_next, sizeof(long long) * size);
            if (mn) s->memo_next = mn;
            signed char *ms = PyMem_Realloc(s->memo_state, size);
            if (ms) s->memo_state = ms;
            if (!mc || !mn || !ms) return -1;
            s->memo_size = size;
        }
        memset(s->memo_state, 0, size);
        double found_cost;
        if (!layout_rest(s, a, b, a, lines, &found_cost)) continue;
        Py_ssize_t count = 0, start = a;
        for (long long left = lines; left > 1; left--) {
            long long k = s->memo_next[(start - a) * s->memo_width + left];
            breaks[count++] = k;
            start = k;
        }
        double widths[64];
        long long counts[64];
        double *wp = widths;
        long long *cp = counts;
        if (lines > 64) {
            wp = PyMem_Malloc(sizeof(double) * lines);
            cp = PyMem_Malloc(sizeof(long long) * lines);
            if (!wp || !cp) {
                PyMem_Free(wp);
                PyMem_Free(cp);
                return -1;
            }
        }
        long long prev = a;
        for (Py_ssize_t i = 0; i <= count; i++) {
            long long next = i < count ? breaks[i] : b;
            wp[i] = seg_w(s, prev, next) + (prev == a ? s->label_w[a] : 0.0);
            cp[i] = next - prev;
            prev = next;
        }
        *cost = inside + found_cost + geometry(s, wp, cp, count + 1);
        if (lines > 64) {
            PyMem_Free(wp);
            PyMem_Free(cp);
        }
        *nbreaks = count;
        return 1;
    }
    return 0;
}

static inline long long needed(const Seg *s, long long chars, long long words) {
    long long need = s->min_dur;
    if (s->max_cps) {
        long long v = (long long)ceil((double)chars * 1000.0 / s->max_cps - 1e-6);
        if (v > need) need = v;
    }
    if (s->max_wpm) {
        long long v = (long long)ceil((double)words * 60000.0 / s->max_wpm - 1e-6);
        if (v > need) need = v;
    }
    return need;
}

#define MAX2(x, y) ((x) > (y) ? (x) : (y))
#define MIN2(x, y) ((x) < (y) ? (x) : (y))

/* _Segmenter.timing_cost */
static double timing_cost(const Seg *s, Py_ssize_t a, Py_ssize_t b, long long chars, long long words, int has_prev,
                          long long prev_end, long long *end_out) {
    long long first = s->starts[a];
    long long need = needed(s, chars, words);
    int has_limit = b < s->n;
    long long limit = has_limit ? s->starts[b] - s->gap : 0;
    long long e = MAX2(MAX2(s->ends[b - 1], first + 1), first + need);
    if (has_limit) e = MIN2(e, limit);
    if (s->has_max_dur) e = MIN2(e, first + s->max_dur);
    long long st = first;
    long long short_ = first + need - e;
    if (short_ > 0 && s->lead_in > 0) {
        long long earliest = MAX2(MAX2(0, first - s->lead_in), has_prev ? prev_end + s->gap : 0);
        if (s->has_max_dur) earliest = MAX2(earliest, e - s->max_dur);
        st = MIN2(first, MAX2(earliest, first - short_));
        if (has_prev && s->has_chain && s->gap < st - prev_end && st - prev_end < s->chain)
            st = prev_end + s->gap >= earliest ? prev_end + s->gap : first;
    }
    double cost = 0.0;
    if (has_limit && limit <= first) cost += s->k[K_OFF_SYNC];
    if (has_limit && s->has_chain && s->starts[b] - e < s->chain) {
        if (!s->has_max_dur || limit - st <= s->max_dur)
            e = MAX2(e, limit);
        else
            cost += s->k[K_UNCLOSED_GAP];
    }
    long long duration = MAX2(e - st, 1);
    if (duration < s->min_dur)
        cost += s->k[K_TOO_SHORT] + s->k[K_SHORT_SLOPE] * (double)(s->min_dur - duration) / (double)s->min_dur;
    if (s->max_cps) {
        double ratio = (double)chars * 1000.0 / (double)duration / s->max_cps;
        if (ratio > 1.0 + 1e-9) cost += s->k[K_TOO_FAST] + s->k[K_SPEED_SLOPE] * (ratio - 1.0);
    }
    if (s->max_wpm) {
        double ratio = (double)words * 60000.0 / (double)duration / s->max_wpm;
        if (ratio > 1.0 + 1e-9) cost += s->k[K_TOO_FAST] + s->k[K_SPEED_SLOPE] * (ratio - 1.0);
    }
    *end_out = e;
    return cost;
}

/* _Segmenter.cue: 1 when words a..b-1 make a legal cue (cost, breaks, dual, end), 0 when
 * not, -1 on a memory error */
static int cue(Seg *s, Py_ssize_t a, Py_ssize_t b, int has_prev, long long prev_end, double *cost, long long *breaks,
               Py_ssize_t *nbreaks, int *dual, long long *end) {
    Py_ssize_t turn = -1, turns = 0;
    for (Py_ssize_t k = a + 1; k < b; k++) {
        if (s->spk[k] != s->spk[k - 1]) {
            if (turns == 0) turn = k;
            turns++;
        }
    }
    long long words = s->pwords[b] - s->pwords[a];
    if (turns == 0) {
        double laid;
        int ok = layout(s, a, b, &laid, breaks, nbreaks);
        if (ok <= 0) return ok;
        long long chars = seg_g(s, a, b);
        for (Py_ssize_t i = 0; i < *nbreaks; i++) chars -= s->join_g[breaks[i] - 1];
        chars += s->label_g[a];
        double timing = timing_cost(s, a, b, chars, words, has_prev, prev_end, end);
        *cost = s->k[K_CUE_COST] + laid + timing;
        *dual = 0;
        return 1;
    }
    if (turns > 1 || !s->dual_ok) return 0;
    Py_ssize_t k = turn;
    if (!s->turn_start[a] || (b < s->n && s->spk[b] == s->spk[b - 1])) return 0;
    if (!(fits(s, seg_w(s, a, k) + s->dash_w + s->label_w[a]) && fits(s, seg_w(s, k, b) + s->dash_w + s->label_w[k])))
        return 0;
    double inside = (double)(s->ps[k - 1] - s->ps[a] + s->ps[b - 1] - s->ps[k]) * s->k[K_SENTENCE_INSIDE_LINE];
    long long chars = seg_g(s, a, k) + seg_g(s, k, b) + 2 * s->dash_g + s->label_g[a] + s->label_g[k];
    double timing = timing_cost(s, a, b, chars, words, has_prev, prev_end, end);
    *cost = s->k[K_CUE_COST] + s->k[K_DUAL_CUE_COST] + inside + timing;
    breaks[0] = k;
    *nbreaks = 1;
    *dual = 1;
    return 1;
}

static PyObject *broadcast_segment(PyObject *self, PyObject *args) {
    PyObject *o_starts, *o_ends, *o_spk, *o_pw, *o_pg, *o_ps, *o_pwords, *o_join_w, *o_join_g, *o_label_w, *o_label_g;
    PyObject *o_line_cost, *o_boundary, *o_params, *o_costs;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOOOOOOO", &o_starts, &o_ends, &o_spk, &o_pw, &o_pg, &o_ps, &o_pwords,
                          &o_join_w, &o_join_g, &o_label_w, &o_label_g, &o_line_cost, &o_boundary, &o_params, &o_costs))
        return NULL;
    Seg s;
    memset(&s, 0, sizeof s);
    Py_ssize_t n = PySequence_Size(o_starts);
    if (n < 0) return NULL;
    s.n = n;
    double *boundary = NULL;
    PyObject *result = NULL;
    double *best = NULL;
    long long *back_a = NULL, *back_breaks = NULL, *last_end = NULL, *scratch = NULL;
    signed char *back_dual = NULL, *back_nbreaks = NULL, *has_end = NULL;

    double p[14];
    if (!PyArg_ParseTuple(o_params, "dddddddddddddd", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7], &p[8],
                          &p[9], &p[10], &p[11], &p[12], &p[13]))
        return NULL;
    s.cpl = p[0];
    s.line_bound = p[1];
    s.max_lines = (long long)p[2];
    s.gap = (long long)p[3];
    s.has_max_dur = p[4] >= 0;
    s.max_dur = (long long)p[4];
    s.min_dur = (long long)p[5];
    s.has_chain = p[6] >= 0;
    s.chain = (long long)p[6];
    s.lead_in = (long long)p[7];
    s.max_cps = p[8];
    s.max_wpm = p[9];
    s.dual_ok = p[10] != 0.0;
    s.dash_w = p[11];
    s.dash_g = (long long)p[12];
    s.forced_pause = (long long)p[13];
    if (!PyArg_ParseTuple(o_costs, "dddddddddddd", &s.k[0], &s.k[1], &s.k[2], &s.k[3], &s.k[4], &s.k[5], &s.k[6],
                          &s.k[7], &s.k[8], &s.k[9], &s.k[10], &s.k[11]))
        return NULL;

    if (!(s.starts = as_longs(o_starts, n, "starts")) || !(s.ends = as_longs(o_ends, n, "ends")) ||
        !(s.spk = as_longs(o_spk, n, "speakers")) || !(s.pw = as_doubles(o_pw, n + 1, "pw")) ||
        !(s.pg = as_longs(o_pg, n + 1, "pg")) || !(s.ps = as_longs(o_ps, n + 1, "ps")) ||
        !(s.pwords = as_longs(o_pwords, n + 1, "pwords")) || !(s.join_w = as_doubles(o_join_w, n, "join_w")) ||
        !(s.join_g = as_longs(o_join_g, n, "join_g")) || !(s.label_w = as_doubles(o_label_w, n, "label_w")) ||
        !(s.label_g = as_longs(o_label_g, n, "label_g")) ||
        !(s.line_cost = as_doubles(o_line_cost, n, "line_cost")) ||
        !(boundary = as_doubles(o_boundary, n + 1, "boundary")))
        goto done;
    Py_ssize_t maxb = s.max_lines > 1 ? (Py_ssize_t)s.max_lines - 1 : 1;
    s.turn_start = PyMem_Malloc(sizeof(long long) * (n ? n : 1));
    best = PyMem_Malloc(sizeof(double) * (n + 1));
    back_a = PyMem_Malloc(sizeof(long long) * (n + 1));
    back_breaks = PyMem_Malloc(sizeof(long long) * (n + 1) * maxb);
    back_nbreaks = PyMem_Malloc(n + 1);
    back_dual = PyMem_Malloc(n + 1);
    last_end = PyMem_Malloc(sizeof(long long) * (n + 1));
    has_end = PyMem_Malloc(n + 1);
    scratch = PyMem_Malloc(sizeof(long long) * maxb);
    if (!s.turn_start || !best || !back_a || !back_breaks || !back_nbreaks || !back_dual || !last_end || !has_end ||
        !scratch) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < n; k++) s.turn_start[k] = k == 0 || s.spk[k] != s.spk[k - 1];
    for (Py_ssize_t b = 0; b <= n; b++) {
        best[b] = INFINITY;
        back_a[b] = 0;
        back_nbreaks[b] = 0;
        back_dual[b] = 0;
        has_end[b] = 0;
        last_end[b] = 0;
    }
    best[0] = 0.0;

    int failed = 0;
    for (Py_ssize_t b = 1; b <= n && !failed; b++) {
        double bound = boundary[b];
        int speaker_changes = 0;
        for (Py_ssize_t a = b - 1; a >= 0; a--) {
            if (a < b - 1) {
                if (seg_w(&s, a, b) > s.line_bound) break;
                if (s.has_max_dur && s.ends[b - 1] - s.starts[a] > s.max_dur) break;
                if (s.starts[a + 1] - s.ends[a] >= s.forced_pause) break;
                if (s.spk[a] != s.spk[a + 1]) {
                    speaker_changes++;
                    if (speaker_changes > 1) break;
                }
            }
            if (best[a] == INFINITY) continue;
            double cost;
            Py_ssize_t nb;
            int dual;
            long long end;
            int ok = cue(&s, a, b, has_end[a], last_end[a], &cost, scratch, &nb, &dual, &end);
            if (ok < 0) {
                failed = 1;
                break;
            }
            if (!ok) continue;
            double total = best[a] + cost + bound;
            if (total < best[b] - 1e-9) {
                best[b] = total;
                back_a[b] = a;
                back_nbreaks[b] = (signed char)nb;
                back_dual[b] = (signed char)dual;
                for (Py_ssize_t i = 0; i < nb; i++) back_breaks[b * maxb + i] = scratch[i];
                last_end[b] = end;
                has_end[b] = 1;
            }
        }
    }
    if (failed) {
        PyErr_NoMemory();
        goto done;
    }

    /* the groups, first to last: (first, last, breaks, dual) */
    Py_ssize_t count = 0;
    for (Py_ssize_t b = n; b > 0; b = back_a[b]) count++;
    result = PyList_New(count);
    if (!result) goto done;
    Py_ssize_t i = count;
    for (Py_ssize_t b = n; b > 0; b = back_a[b]) {
        Py_ssize_t nb = back_nbreaks[b];
        PyObject *brk = PyTuple_New(nb);
        if (!brk) {
            Py_CLEAR(result);
            goto done;
        }
        for (Py_ssize_t j = 0; j < nb; j++) PyTuple_SET_ITEM(brk, j, PyLong_FromLongLong(back_breaks[b * maxb + j]));
        PyObject *item = Py_BuildValue("(nnNO)", (Py_ssize_t)back_a[b], b - 1, brk, back_dual[b] ? Py_True : Py_False);
        if (!item) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, --i, item);
    }

done:
    PyMem_Free(s.starts);
    PyMem_Free(s.ends);
    PyMem_Free(s.spk);
    PyMem_Free(s.pw);
    PyMem_Free(s.pg);
    PyMem_Free(s.ps);
    PyMem_Free(s.pwords);
    PyMem_Free(s.join_w);
    PyMem_Free(s.join_g);
    PyMem_Free(s.label_w);
    PyMem_Free(s.label_g);
    PyMem_Free(s.line_cost);
    PyMem_Free(s.turn_start);
    PyMem_Free(s.memo_cost);
    PyMem_Free(s.memo_next);
    PyMem_Free(s.memo_state);
    PyMem_Free(boundary);
    PyMem_Free(best);
    PyMem_Free(back_a);
    PyMem_Free(back_breaks);
    PyMem_Free(back_nbreaks);
    PyMem_Free(back_dual);
    PyMem_Free(last_end);
    PyMem_Free(has_end);
    PyMem_Free(scratch);
    return result;
}


/* ------------------------------------------------------------------ the API's capped split */

/* model coefficients, in the order captionkit.segment._C_MODEL lists them */
enum {
    M_B0, M_SPAN, M_SPAN_3, M_SPAN_36, M_NEXT, M_NEXT_36, M_FULL_NEXT, M_FULL_NEXT_09, M_HARD_MS,
    M_JOINS /* then 3 kinds (other, sentence, clause) x 6 weights */, M_COUNT = M_JOINS + 18
};

/* api_break_probabilities of captionkit.segment: p_end[i] for every word (n values) */
static int break_probabilities(Py_ssize_t n, const long long *lens, const long long *starts, const long long *ends,
                               const long long *kinds, long long cap, const double *m, double *p_end) {
    double *stat = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    double *w_full = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    double *w_span = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    char *hard = PyMem_Malloc(n ? n : 1);
    double *alpha = PyMem_Malloc(sizeof(double) * (n + 1));
    double *end_s = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    if (!stat || !w_full || !w_span || !hard || !alpha || !end_s) {
        PyMem_Free(stat);
        PyMem_Free(w_full);
        PyMem_Free(w_span);
        PyMem_Free(hard);
        PyMem_Free(alpha);
        PyMem_Free(end_s);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        stat[i] = 0.0;
        w_full[i] = 0.0;
        w_span[i] = 0.0;
        hard[i] = 0;
        end_s[i] = (double)ends[i] / 1000.0;
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        long long gap = starts[i] - ends[i - 1];
        if (gap < 0) gap = 0;
        hard[i] = (double)gap >= m[M_HARD_MS];
        double g = (double)gap / 1000.0;
        const double *b = m + M_JOINS + 6 * kinds[i - 1];
        double g1 = g - 1.0, g2 = g - 2.0;
        stat[i] = m[M_B0] + b[0] + b[1] * log1p(4.0 * g) + b[2] * (g1 >= 0.0 ? g1 : 0.0) + b[3] * (g2 >= 0.0 ? g2 : 0.0);
        w_full[i] = b[4];
        w_span[i] = b[5] + m[M_SPAN];
    }
    for (Py_ssize_t i = 0; i <= n; i++) alpha[i] = 0.0;
    alpha[0] = 1.0;
    double inv_cap = 1.0 / (double)cap;
    for (Py_ssize_t a = 0; a < n; a++) {
        double survive = alpha[a];
        if (survive < 1e-9) continue;
        double t0 = (double)starts[a] / 1000.0;
        long long length = lens[a];
        for (Py_ssize_t i = a + 1; i < n; i++) {
            long long next_length = length + 1 + lens[i];
            if (next_length > cap || hard[i]) {
                alpha[i] += survive;
                break;
            }
            double span = end_s[i - 1] - t0;
            double nxt = end_s[i] - t0;
            double full_next = (double)next_length * inv_cap;
            double logit = stat[i] + w_span[i] * span + m[M_NEXT] * nxt + m[M_FULL_NEXT] * full_next +
                           w_full[i] * (double)length * inv_cap;
            if (span > 3.0) {
                logit += m[M_SPAN_3] * (span - 3.0);
                if (span > 3.6) logit += m[M_SPAN_36] * (span - 3.6);
            }
            if (nxt > 3.6) logit += m[M_NEXT_36] * (nxt - 3.6);
            if (full_next > 0.9) logit += m[M_FULL_NEXT_09] * (full_next - 0.9);
            if (logit > -20.0) {
                double p = logit > 36.0 ? survive : survive / (1.0 + exp(-logit));
                alpha[i] += p;
                survive -= p;
                if (survive < 1e-9) break;
            }
            length = next_length;
        }
    }
    for (Py_ssize_t i = 0; i + 1 < n; i++) p_end[i] = alpha[i + 1];
    if (n) p_end[n - 1] = 0.0;
    PyMem_Free(stat);
    PyMem_Free(w_full);
    PyMem_Free(w_span);
    PyMem_Free(hard);
    PyMem_Free(alpha);
    PyMem_Free(end_s);
    return 0;
}

typedef struct {
    Py_ssize_t n;
    long long *lens, *starts, *ends, *kinds, cap;
    double *model;
} ApiInput;

static void api_input_free(ApiInput *in) {
    PyMem_Free(in->lens);
    PyMem_Free(in->starts);
    PyMem_Free(in->ends);
    PyMem_Free(in->kinds);
    PyMem_Free(in->model);
}

static int api_input(PyObject *args, ApiInput *in, double *threshold) {
    PyObject *o_lens, *o_starts, *o_ends, *o_kinds, *o_model;
    memset(in, 0, sizeof *in);
    if (threshold) {
        if (!PyArg_ParseTuple(args, "OOOOLOd", &o_lens, &o_starts, &o_ends, &o_kinds, &in->cap, &o_model, threshold))
            return -1;
    } else if (!PyArg_ParseTuple(args, "OOOOLO", &o_lens, &o_starts, &o_ends, &o_kinds, &in->cap, &o_model)) {
        return -1;
    }
    if (in->cap < 1) {
        PyErr_SetString(PyExc_ValueError, "cap must be at least 1");
        return -1;
    }
    in->n = PySequence_Size(o_lens);
    if (in->n < 0) return -1;
    Py_ssize_t n = in->n;
    if (!(in->lens = as_longs(o_lens, n, "lens")) || !(in->starts = as_longs(o_starts, n, "starts")) ||
        !(in->ends = as_longs(o_ends, n, "ends")) || !(in->kinds = as_longs(o_kinds, n, "kinds")) ||
        !(in->model = as_doubles(o_model, M_COUNT, "model"))) {
        api_input_free(in);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (in->kinds[i] < 0 || in->kinds[i] > 2) {
            PyErr_SetString(PyExc_ValueError, "kinds: 0 (other), 1 (sentence end) or 2 (clause end)");
            api_input_free(in);
            return -1;
        }
    }
    return 0;
}

static PyObject *api_break_probabilities(PyObject *self, PyObject *args) {
    ApiInput in;
    if (api_input(args, &in, NULL) < 0) return NULL;
    double *p_end = PyMem_Malloc(sizeof(double) * (in.n ? in.n : 1));
    PyObject *result = NULL;
    if (!p_end) {
        PyErr_NoMemory();
    } else if (break_probabilities(in.n, in.lens, in.starts, in.ends, in.kinds, in.cap, in.model, p_end) == 0) {
        result = PyList_New(in.n);
        for (Py_ssize_t i = 0; result && i < in.n; i++) {
            PyObject *v = PyFloat_FromDouble(p_end[i]);
            if (!v) {
                Py_CLEAR(result);
                break;
            }
            PyList_SET_ITEM(result, i, v);
        }
    }
    PyMem_Free(p_end);
    api_input_free(&in);
    return result;
}

/* _agreeing_groups of captionkit.segment: the split within the cap maximising the summed
 * break probabilities less `threshold` per cue end; a list of (first, last) */
static PyObject *api_split(PyObject *self, PyObject *args) {
    ApiInput in;
    double threshold;
    if (api_input(args, &in, &threshold) < 0) return NULL;
    Py_ssize_t n = in.n;
    double *p_end = PyMem_Malloc(sizeof(double) * (n ? n : 1));
    double *best = PyMem_Malloc(sizeof(double) * (n + 1));
    Py_ssize_t *back = PyMem_Malloc(sizeof(Py_ssize_t) * (n + 1));
    PyObject *result = NULL;
    if (!p_end || !best || !back) {
        PyErr_NoMemory();
        goto done;
    }
    if (break_probabilities(n, in.lens, in.starts, in.ends, in.kinds, in.cap, in.model, p_end) < 0) goto done;
    double hard_ms = in.model[M_HARD_MS];
    for (Py_ssize_t b = 0; b <= n; b++) {
        best[b] = -INFINITY;
        back[b] = 0;
    }
    best[0] = 0.0;
    for (Py_ssize_t b = 1; b <= n; b++) {
        double score = b < n ? p_end[b - 1] - threshold : 0.0;
        long long length = -1;
        double top = -INFINITY;
        Py_ssize_t arg = b - 1;
        for (Py_ssize_t a = b - 1; a >= 0; a--) {
            length += in.lens[a] + 1;
            if (a < b - 1 && (length > in.cap || (double)(in.starts[a + 1] - in.ends[a]) >= hard_ms)) break;
            if (best[a] > top) {
                top = best[a];
                arg = a;
            }
        }
        best[b] = top + score;
        back[b] = arg;
    }
    Py_ssize_t count = 0;
    for (Py_ssize_t b = n; b > 0; b = back[b]) count++;
    result = PyList_New(count);
    if (!result) goto done;
    Py_ssize_t i = count;
    for (Py_ssize_t b = n; b > 0; b = back[b]) {
        PyObject *item = Py_BuildValue("(nn)", back[b], b - 1);
        if (!item) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, --i, item);
    }
done:
    PyMem_Free(p_end);
    PyMem_Free(best);
    PyMem_Free(back);
    api_input_free(&in);
    return result;
}

/* ------------------------------------------------------------------ module */

static PyMethodDef methods[] = {
    {"broadcast_segment", broadcast_segment, METH_VARARGS,
     "The dynamic programme of captionkit.broadcast._Segmenter.run, compiled (same inputs, same groups)."},
    {"api_break_probabilities", api_break_probabilities, METH_VARARGS,
     "captionkit.segment.api_break_probabilities, compiled (text lengths and join kinds instead of texts)."},
    {"api_split", api_split, METH_VARARGS,
     "captionkit.segment._agreeing_groups, compiled: the API-like split within chars_per_caption."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups",
                                    "Compiled hot loops of captionkit's segmenters (optional).", -1, methods};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }
