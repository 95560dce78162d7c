"""English phrase bank of the ministry profile (format: bank_tr.py)."""

BANK = {
"pensions-insurance": """
c n my pension application has been pending for three months
c n my employer did not pay my insurance contributions
i n how many years of contributions do i need to retire
r n i want to apply for my old age pension
""",
"employment-training": """
i n how do i sign up for a training course
r n i am unemployed and looking for a job
c n the apprenticeship programme was cancelled without notice
p n i found a job thanks to your course, thank you
""",
"welfare-benefits": """
c n my unemployment benefit was not paid this month
r n i want to apply for child benefit
i n how much is the disability allowance
c u i cannot pay rent and will be evicted, my benefit was stopped
""",
"labour-rights": """
c n my wages have not been paid for three months
c n i was fired and they refuse to pay severance
c n overtime is never paid
c n i work without insurance
""",
"equality": """
c n i was dismissed because i am pregnant
c n i am paid less than male colleagues for the same job
i n where can i report discrimination at work
""",
"harassment-violence": """
c e my manager harasses me and i am afraid to go to work
c e my supervisor hit me at work
c e my boss is threatening to hurt me
c n my colleagues are bullying me every day
""",
"general": """
p n thank you for your help
i n what are the hotline opening hours
i n what is the ministry's address
""",
}
