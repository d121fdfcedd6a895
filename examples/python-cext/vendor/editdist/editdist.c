/*
 * editdist: Levenshtein distance between two str objects, in C.
 *
 *   distance(a, b)            -> int
 *   within(a, b, max_dist)    -> bool   (stops early once the bound is exceeded)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static Py_ssize_t levenshtein(PyObject *a, PyObject *b, Py_ssize_t bound)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(a), m = PyUnicode_GET_LENGTH(b);
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    Py_ssize_t *row, i, j, result;

    if (bound >= 0 && (n > m ? n - m : m - n) > bound)
        return bound + 1;
    row = PyMem_Malloc(sizeof(Py_ssize_t) * (m + 1));
    if (row == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (j = 0; j <= m; j++)
        row[j] = j;
    for (i = 1; i <= n; i++) {
        Py_UCS4 ca = PyUnicode_READ(ka, da, i - 1);
        Py_ssize_t diag = row[0], best = row[0] = i;
        for (j = 1; j <= m; j++) {
            Py_ssize_t up = row[j];
            Py_ssize_t cost = (ca == PyUnicode_READ(kb, db, j - 1)) ? 0 : 1;
            Py_ssize_t v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (bound >= 0 && best > bound) {
            PyMem_Free(row);
            return bound + 1;
        }
    }
    result = row[m];
    PyMem_Free(row);
    return result;
}

static PyObject *editdist_distance(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    Py_ssize_t d;
    if (!PyArg_ParseTuple(args, "UU:distance", &a, &b))
        return NULL;
    d = levenshtein(a, b, -1);
    return d < 0 ? NULL : PyLong_FromSsize_t(d);
}

static PyObject *editdist_within(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    Py_ssize_t bound, d;
    if (!PyArg_ParseTuple(args, "UUn:within", &a, &b, &bound))
        return NULL;
    d = levenshtein(a, b, bound);
    if (d < 0)
        return NULL;
    return PyBool_FromLong(d <= bound);
}

static PyMethodDef editdist_methods[] = {
    {"distance", editdist_distance, METH_VARARGS, "Levenshtein distance of two strings."},
    {"within", editdist_within, METH_VARARGS, "True when distance(a, b) <= max_dist."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef editdist_module = {
    PyModuleDef_HEAD_INIT, "editdist", "Edit distance in C.", -1, editdist_methods,
};

PyMODINIT_FUNC PyInit_editdist(void)
{
    return PyModule_Create(&editdist_module);
}
