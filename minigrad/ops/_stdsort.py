"""torch's CPU order of topk's results among equal values.

torch's CPU topk (ATen's TopKImpl.h) fills a row of (value, index) pairs and runs the C++ standard
library on it, comparing values only: ``std::partial_sort`` of the first k when ``k * 64 <= n``, else
``std::nth_element`` at k-1 and (when ``sorted``) ``std::sort`` of the first k-1. Those algorithms are not
stable, so among equal values the indices come out in the order the GNU C++ library's introselect,
introsort and heap steps leave them. This module replays those steps in Python (median-of-three pivot,
Hoare partition, insertion sort below 16/3 elements, heap fallback at depth 2*log2(n)), one row at a
time
``topk`` uses it only on rows with equal values (or for ``sorted=False``), where the order is not
decided by the values alone."""
import numpy as np


def _lg(n):
    """floor(log2(n)): the libraries' depth limit is 2 * _lg(n)."""
    return n.bit_length() - 1


def _move_median_to_first(a, result, x, y, z, comp):
    """The median of a[x], a[y], a[z] (the library's order of tests) swapped into a[result]."""
    if comp(a[x], a[y]):
        m = y if comp(a[y], a[z]) else z if comp(a[x], a[z]) else x
    else:
        m = x if comp(a[x], a[z]) else z if comp(a[y], a[z]) else y
    a[result], a[m] = a[m], a[result]


def _unguarded_partition(a, first, last, pivot, comp):
    while True:
        while comp(a[first], a[pivot]):
            first += 1
        last -= 1
        while comp(a[pivot], a[last]):
            last -= 1
        if not first < last:
            return first
        a[first], a[last] = a[last], a[first]
        first += 1


def _partition_pivot(a, first, last, comp):
    mid = first + (last - first) // 2
    _move_median_to_first(a, first, first + 1, mid, last - 1, comp)
    return _unguarded_partition(a, first + 1, last, first, comp)


def _unguarded_linear_insert(a, last, comp):
    val = a[last]
    nxt = last - 1
    while comp(val, a[nxt]):
        a[last] = a[nxt]
        last = nxt
        nxt -= 1
    a[last] = val


def _insertion_sort(a, first, last, comp):
    if first == last:
        return
    for i in range(first + 1, last):
        if comp(a[i], a[first]):
            val = a[i]
            a[first + 1:i + 1] = a[first:i]
            a[first] = val
        else:
            _unguarded_linear_insert(a, i, comp)


def _adjust_heap(a, first, hole, length, value, comp):
    top = hole
    second = hole
    while second < (length - 1) // 2:
        second = 2 * (second + 1)
        if comp(a[first + second], a[first + second - 1]):
            second -= 1
        a[first + hole] = a[first + second]
        hole = second
    if (length & 1) == 0 and second == (length - 2) // 2:
        second = 2 * (second + 1)
        a[first + hole] = a[first + second - 1]
        hole = second - 1
    parent = (hole - 1) // 2
    while hole > top and comp(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole = parent
        parent = (hole - 1) // 2
    a[first + hole] = value


def _make_heap(a, first, last, comp):
    length = last - first
    if length < 2:
        return
    parent = (length - 2) // 2
    while True:
        _adjust_heap(a, first, parent, length, a[first + parent], comp)
        if parent == 0:
            return
        parent -= 1


def _pop_heap(a, first, last, result, comp):
    value = a[result]
    a[result] = a[first]
    _adjust_heap(a, first, 0, last - first, value, comp)


def _heap_select(a, first, middle, last, comp):
    _make_heap(a, first, middle, comp)
    for i in range(middle, last):
        if comp(a[i], a[first]):
            _pop_heap(a, first, middle, i, comp)


def _sort_heap(a, first, last, comp):
    while last - first > 1:
        last -= 1
        _pop_heap(a, first, last, last, comp)


def partial_sort(a, first, middle, last, comp):
    """std::partial_sort: a heap of the first ``middle`` elements, the rest pushed through it, then sorted."""
    _heap_select(a, first, middle, last, comp)
    _sort_heap(a, first, middle, comp)


def nth_element(a, first, nth, last, comp):
    """std::nth_element: introselect (partition around a median-of-three pivot, recurse into the side
    holding ``nth``; a heap select past the depth limit), insertion sort of the last <= 3 elements."""
    if first == last or nth == last:
        return
    depth = _lg(last - first) * 2
    while last - first > 3:
        if depth == 0:
            _heap_select(a, first, nth + 1, last, comp)
            a[first], a[nth] = a[nth], a[first]
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, comp)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(a, first, last, comp)


def _introsort_loop(a, first, last, depth, comp):
    while last - first > 16:
        if depth == 0:
            partial_sort(a, first, last, last, comp)
            return
        depth -= 1
        cut = _partition_pivot(a, first, last, comp)
        _introsort_loop(a, cut, last, depth, comp)
        last = cut


def sort(a, first, last, comp):
    """std::sort: introsort down to runs of 16 (heap sort past the depth limit), then insertion sort."""
    if first == last:
        return
    _introsort_loop(a, first, last, _lg(last - first) * 2, comp)
    if last - first > 16:
        _insertion_sort(a, first, first + 16, comp)
        for i in range(first + 16, last):
            _unguarded_linear_insert(a, i, comp)
    else:
        _insertion_sort(a, first, last, comp)


def _comparator(largest):
    """torch's comparison of (value, index) pairs: by value only, NaN the largest."""
    if largest:
        def comp(x, y):
            return (x[0] != x[0] and y[0] == y[0]) or x[0] > y[0]
    else:
        def comp(x, y):
            return (x[0] == x[0] and y[0] != y[0]) or x[0] < y[0]
    return comp


def _row_order(vals, k, largest, sorted_):
    """topk's indices for one row (a list of floats), in torch's CPU order."""
    comp = _comparator(largest)
    q = [(v, j) for j, v in enumerate(vals)]
    n = len(q)
    if k * 64 <= n:
        partial_sort(q, 0, k, n, comp)
    else:
        nth_element(q, 0, k - 1, n, comp)
        if sorted_:
            sort(q, 0, k - 1, comp)
    return [j for _, j in q[:k]]


MAX_REPLAYED = 30_000      # elements replayed per call (past it the stable order is kept: see topk)


def _tied_rows(rows, floating):
    srt = np.sort(rows, axis=1)
    tied = srt[:, 1:] == srt[:, :-1]
    if floating:                                                   # (two NaNs are tied too)
        tied |= np.isnan(srt[:, 1:]) & np.isnan(srt[:, :-1])
    return tied.any(axis=1)


def torch_cpu_sort_order(x, idx, dim, descending, plain_less=False):
    """``idx`` (a stable argsort of the NumPy array ``x`` along ``dim``) in the order of torch's CPU sort
    with stable=False: std::sort, the same as a stable sort up to 16 elements (insertion sort), and
    different among equal values past that. Only the rows with equal values are replayed. ``plain_less``:
    compare with a bare ``<`` (NaN unordered), as torch's mode does: then the insertion sort is not a
    stable sort either where a row holds a NaN (nothing moves past it), and such rows are replayed too."""
    n = x.shape[dim] if x.ndim else 0
    if n == 0:
        return idx
    rows = np.moveaxis(x, dim, -1).reshape(-1, n)
    if n > 16:
        todo = _tied_rows(rows, x.dtype.kind == "f")
    elif plain_less and x.dtype.kind == "f":
        todo = np.isnan(rows).any(axis=1)
    else:
        return idx
    if not todo.any() or todo.sum() * n > MAX_REPLAYED:
        return idx
    out = np.moveaxis(idx, dim, -1).reshape(-1, n).copy()
    comp = (lambda a, b: a[0] < b[0]) if plain_less else _comparator(descending)
    for r in np.nonzero(todo)[0]:
        q = [(v, j) for j, v in enumerate(rows[r].tolist())]
        sort(q, 0, n, comp)
        out[r] = [j for _, j in q]
    shape = np.moveaxis(idx, dim, -1).shape
    return np.ascontiguousarray(np.moveaxis(out.reshape(shape), -1, dim))


def torch_cpu_order(x, idx, k, dim, largest, sorted_):
    """``idx`` (the first k of a stable sort of the NumPy array ``x`` along ``dim``) with the rows where
    torch's order can differ (equal values, or sorted=False) replaced by torch's CPU order."""
    if k == 0 or x.ndim == 0:
        return idx
    rows = np.moveaxis(x, dim, -1).reshape(-1, x.shape[dim])
    n = rows.shape[1]
    tied = _tied_rows(rows, x.dtype.kind == "f")
    todo = np.ones(len(rows), bool) if not sorted_ and k * 64 > n else tied
    if not todo.any() or todo.sum() * n > MAX_REPLAYED:
        return idx
    out = np.moveaxis(idx, dim, -1).reshape(-1, k).copy()
    for r in np.nonzero(todo)[0]:
        out[r] = _row_order(rows[r].tolist(), k, largest, sorted_)
    shape = np.moveaxis(idx, dim, -1).shape
    return np.ascontiguousarray(np.moveaxis(out.reshape(shape), -1, dim))


def _quickselect(vals, k):
    """The original index left at position k by torch's own quickselect (SortingUtils' median-of-three,
    Sedgewick partition), which kthvalue runs on a copy of the row: the tie it picks."""
    a = list(vals)
    ix = list(range(len(a)))

    def gt(x, y):                                                   # x > y, NaN the largest
        return (x != x and y == y) or x > y

    def swap(i, j):
        a[i], a[j] = a[j], a[i]
        ix[i], ix[j] = ix[j], ix[i]

    lo, hi = 0, len(a) - 1
    while True:
        if hi <= lo:
            return ix[k]
        if hi == lo + 1:
            if gt(a[lo], a[hi]):
                swap(lo, hi)
            return ix[k]
        swap(lo + (hi - lo) // 2, lo + 1)
        if gt(a[lo + 1], a[hi]):
            swap(lo + 1, hi)
        if gt(a[lo], a[hi]):
            swap(lo, hi)
        if gt(a[lo + 1], a[lo]):
            swap(lo + 1, lo)
        i, j, piv = lo + 1, hi, a[lo]
        while True:
            i += 1
            while gt(piv, a[i]):
                i += 1
            j -= 1
            while gt(a[j], piv):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1


def torch_cpu_kth_index(rows, ks, idx):
    """``idx`` (per row, the stable order's pick of the k-th smallest) with each row that has equal values
    replaced by the index torch's quickselect returns."""
    todo = _tied_rows(rows, rows.dtype.kind == "f")
    if not todo.any() or todo.sum() * rows.shape[1] > MAX_REPLAYED:
        return idx
    idx = idx.copy()
    for r in np.nonzero(todo)[0]:
        idx[r] = _quickselect(rows[r].tolist(), int(ks[r]))
    return idx
