"""The missions' intake: the list of applications (filters, export, bulk eligibility) and one
application's detail."""
