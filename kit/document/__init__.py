"""The school's social safety plan: one document model, rendered to DOCX, HTML and PDF."""
