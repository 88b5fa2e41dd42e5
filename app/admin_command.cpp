// paperboy admin: the site's roles from the command line, for the first admin of a store whose
// first account predates roles, and for anyone who lost their admin.
#include <fmt/format.h>

#include "cli_context.h"

namespace paperboy::cli {

void add_admin_command(CLI::App& app, CliContext& context) {
  auto* cmd = app.add_subcommand("admin", "Grant roles (reader, moderator, admin) to accounts.");
  cmd->require_subcommand(1);

  auto email = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto* grant = cmd->add_subcommand("grant", "Give the account with this e-mail address a role.");
  grant->add_option("email", *email, "the account's e-mail address")->required();
  grant->add_option("role", *role, "reader, moderator or admin")->required();
  grant->callback([email, role, &context] {
    auto parsed = parse_role(*role);
    if (!parsed) return context.fail("no role '" + *role + "': say reader, moderator or admin");
    auto store = context.open_store();
    if (!store.ok()) return context.fail(store.error().message);
    std::string address = *email;
    for (char& c : address) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto user = (*store)->community().user_by_email(address);
    if (!user.ok()) return context.fail(user.error().message);
    if (!user->has_value()) return context.fail("no account has the address " + address);
    auto granted = (*store)->profiles().set_role((**user).id, *parsed, 0, std::time(nullptr));
    if (!granted.ok()) return context.fail(granted.message());
    fmt::print("{} (@{}) is now {}\n", address, (**user).handle, role_name(*parsed));
  });
}

}  // namespace paperboy::cli
