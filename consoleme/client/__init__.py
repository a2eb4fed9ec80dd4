"""client layer (see ../shared/DESIGN.md section 3)."""
