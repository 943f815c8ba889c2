"""The body map: CHOIR regions, the fine regions inside them, and their drawing."""
