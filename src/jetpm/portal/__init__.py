"""The applicant's and participant's own pages that combine stages: each stage is read through its
``for_person()`` selector (applications, screening, selection…), so no earlier stage reaches into a later
one."""
