"""Side-by-side benchmark of the shop; see bench/run.sh."""
