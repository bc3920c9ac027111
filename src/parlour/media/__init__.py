"""Media and tips: pictures of services and team members (``/images/{entity}``) and the team
members' tip settings (``/tips/{location_id}/settings``)."""
