"""Not shipped: the synthetic generator, sandbox legacy systems, demos and test servers.

Used from the checkout by `make demo`, the tests and the benchmarks; never in the wheel
or the offline bundle (ARCHITECTURE.md 2)."""
