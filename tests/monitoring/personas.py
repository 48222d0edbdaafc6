"""Every persona by name, so permission matrices can list them in parametrize."""

PERSONAS = [
    "anonymous",
    "outsider",
    "rural_staff",
    "rural_focal",
    "rural_viewer",
    "rural_misconfigured_monitor",
    "relief_staff",
    "relief_viewer",
    "committee_member",
    "superuser",
    "monitor",
]
