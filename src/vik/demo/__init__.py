"""The synthetic demo: a fictitious force with signals and cases in every stage (`organisation`)
and the `vik seed_demo` command that loads it together with the demo content each capability keeps
beside its own code (`vik.<app>.demo`). It sits above every other app and nothing imports it;
only `make run`, the tests and the benchmarks use it. All data is synthetic."""
