"""Certificates of the course: one PDF per participant who gave a full name, with a number the kit can verify.

``kit certificaat SCHOOL`` (see :mod:`kit.certificates.cli`) writes output/certificaten/*.pdf;
``kit certificaat controleer NUMMER`` says whether a number was issued, to whom and when.
"""
