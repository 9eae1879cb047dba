"""``slant serve``: a local web service and page over one loaded model (needs ``pip install 'slant[serve]'``)."""
