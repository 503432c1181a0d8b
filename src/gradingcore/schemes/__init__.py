"""The local schemes (地方方案) beside the national grading: Changzhou, Qinyang, Erqi, Baoding.

A scheme is policy data (its rules cited from its document, chosen by region and date like any
policy) plus small rule functions at the policy seam; none adds a branch to the case's
lifecycle. Baoding's campaign is not a grading at all and keeps its own records
(:mod:`gradingcore.schemes.baoding`). See docs/schemes/.
"""
