"""The pieces of ``benchmarks/faults.py``: running a command under a time limit while its process tree's memory
is sampled (measure), the generated site a fault is added to (site), what counts as survived and as a row lost
(verdict), and the cases, grouped by the item of issue 11 they reproduce (pages, discovery, records, disks)."""
