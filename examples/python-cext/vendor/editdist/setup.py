from setuptools import Extension, setup

setup(
    name="editdist",
    version="1.0.2",
    description="Levenshtein distance as a C extension",
    license="MIT",
    ext_modules=[Extension("editdist", sources=["editdist.c"], extra_compile_args=["-O2"])],
)
