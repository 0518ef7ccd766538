"""From a file on disk to a clean article and its chunks, with an exact line map.

Reading (encodings, limits), boilerplate cleaning, HTML extraction, the
document model and chunking. Nothing here touches the store.
"""
