"""Jobs: employers, vacancies, referrals with their outcomes, and matching."""
