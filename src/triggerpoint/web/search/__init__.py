"""Site search: one ranked list over services, atlas, body regions and symptom words."""
