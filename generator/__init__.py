"""Site and form generator for a street office's 友邻 (friendly-neighbour) network."""
