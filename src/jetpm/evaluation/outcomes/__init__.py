"""The outcomes of the entrance: the funnel of an intake year by breakdown, and the series since FY2019."""
