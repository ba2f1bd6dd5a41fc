"""Runs a notebook top to bottom with the seqlab kernel and saves it with its outputs.

    python3 notebooks/execute.py notebooks/tour.ipynb [OUT.ipynb]

The kernel runs in the notebook's folder, as it does when the notebook is opened in Jupyter. Needs the
kernel installed (bin/seqlab jupyter install --user, or JUPYTER_PATH pointing at a --prefix
install) and nbclient (Debian: apt-get install python3-nbclient jupyter-client). Cells tagged
"raises-exception" may fail (the tour shows an error on purpose); any other failure stops the run.
"""
import os
import sys

import nbformat
from nbclient import NotebookClient


def main(args):
    src = args[0]
    out = args[1] if len(args) > 1 else src
    nb = nbformat.read(src, as_version=4)
    folder = os.path.dirname(os.path.abspath(src))
    NotebookClient(nb, kernel_name="seqlab", timeout=600, startup_timeout=120,
                   resources={"metadata": {"path": folder}}).execute()
    nbformat.write(nb, out)


if __name__ == "__main__":
    main(sys.argv[1:])
