"""The page glue: draws the core's results in the browser (app) from plain view data (view)."""
