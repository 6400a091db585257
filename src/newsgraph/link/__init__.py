"""The corpus layer over the Store protocol: stories (and, later, corpus entities and events)."""
