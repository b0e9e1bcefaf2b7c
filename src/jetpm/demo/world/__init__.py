"""The steps of the demo world, one module per app, run in life-cycle order by jetpm.demo.generator."""
