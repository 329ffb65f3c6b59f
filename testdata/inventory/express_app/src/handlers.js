exports.listUsers = (req, res) => res.end();
exports.showUser = (req, res) => res.end();
