"""What people do to a community: review a pull request, start one, add to it, own it."""
