/*
 * fastscore: similarity scores for the buddy recommender, in C.
 *
 *   cosine(a, b)  -> float   cosine similarity of two equal-length number sequences
 *   jaccard(a, b) -> float   |a & b| / |a | b| of two sorted sequences of ints
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

static int as_doubles(PyObject *seq, double **out, Py_ssize_t *n)
{
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of numbers");
    if (fast == NULL)
        return -1;
    *n = PySequence_Fast_GET_SIZE(fast);
    *out = PyMem_Malloc(sizeof(double) * (*n > 0 ? *n : 1));
    if (*out == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        double v = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (v == -1.0 && PyErr_Occurred()) {
            PyMem_Free(*out);
            Py_DECREF(fast);
            return -1;
        }
        (*out)[i] = v;
    }
    Py_DECREF(fast);
    return 0;
}

static PyObject *fastscore_cosine(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    double *x, *y, dot = 0.0, nx = 0.0, ny = 0.0;
    Py_ssize_t n, m;

    if (!PyArg_ParseTuple(args, "OO:cosine", &a, &b))
        return NULL;
    if (as_doubles(a, &x, &n) < 0)
        return NULL;
    if (as_doubles(b, &y, &m) < 0) {
        PyMem_Free(x);
        return NULL;
    }
    if (n != m) {
        PyMem_Free(x);
        PyMem_Free(y);
        PyErr_SetString(PyExc_ValueError, "vectors must have the same length");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        dot += x[i] * y[i];
        nx += x[i] * x[i];
        ny += y[i] * y[i];
    }
    PyMem_Free(x);
    PyMem_Free(y);
    if (nx == 0.0 || ny == 0.0)
        return PyFloat_FromDouble(0.0);
    return PyFloat_FromDouble(dot / (sqrt(nx) * sqrt(ny)));
}

static PyObject *fastscore_jaccard(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    double *x, *y;
    Py_ssize_t n, m, i = 0, j = 0, both = 0;

    if (!PyArg_ParseTuple(args, "OO:jaccard", &a, &b))
        return NULL;
    if (as_doubles(a, &x, &n) < 0)
        return NULL;
    if (as_doubles(b, &y, &m) < 0) {
        PyMem_Free(x);
        return NULL;
    }
    while (i < n && j < m) {
        if (x[i] == y[j]) {
            both++;
            i++;
            j++;
        } else if (x[i] < y[j]) {
            i++;
        } else {
            j++;
        }
    }
    PyMem_Free(x);
    PyMem_Free(y);
    if (n + m - both == 0)
        return PyFloat_FromDouble(0.0);
    return PyFloat_FromDouble((double)both / (double)(n + m - both));
}

static PyMethodDef fastscore_methods[] = {
    {"cosine", fastscore_cosine, METH_VARARGS, "Cosine similarity of two number sequences."},
    {"jaccard", fastscore_jaccard, METH_VARARGS, "Jaccard index of two sorted int sequences."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef fastscore_module = {
    PyModuleDef_HEAD_INIT, "fastscore", "Similarity scores in C.", -1, fastscore_methods,
};

PyMODINIT_FUNC PyInit_fastscore(void)
{
    PyObject *mod = PyModule_Create(&fastscore_module);
    if (mod != NULL)
        PyModule_AddStringConstant(mod, "__version__", "0.3.0");
    return mod;
}
